package io.github.qa4j.examples.bench;

import io.github.qa4j.metrics.PredictionReader;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadV2Result;
import io.github.qa4j.squad.SquadReader;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Times the SQuAD v2.0 evaluation of a predictions file (with no-answer probabilities, so the
 * best-threshold search runs too):
 *
 * <ul>
 *   <li>in-process: reading the gold answers, reading predictions and probabilities, scoring; the
 *       first (cold) run, then medians of wall and thread CPU time over warm runs;
 *   <li>as whole processes: {@code java -jar qa.jar evaluate ...} (the jar this class runs from)
 *       and, when a path is given, the official {@code evaluate-v2.0.py} under {@code python3},
 *       interleaved run by run so that both see the same machine load; medians of wall time.
 * </ul>
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.bench.EvaluateBenchmark \
 *     DEV.json PRED.json NA.json [RUNS [OFFICIAL_evaluate-v2.0.py]]
 * </pre>
 */
public final class EvaluateBenchmark {

  private static final int WARMUP = 5;

  private EvaluateBenchmark() {}

  /** Runs the benchmark; arguments as in the class description. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: EvaluateBenchmark DEV.json PRED.json NA.json [RUNS [evaluate-v2.0.py]]");
    }
    Path data = Path.of(args[0]);
    Path predictions = Path.of(args[1]);
    Path naProbs = Path.of(args[2]);
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    Path officialScript = args.length > 4 ? Path.of(args[4]) : null;

    inProcess(data, predictions, naProbs, runs);
    wholeProcesses(data, predictions, naProbs, runs, officialScript);
  }

  private static void inProcess(Path data, Path predictions, Path naProbs, int runs)
      throws IOException {
    long start = System.nanoTime();
    SquadV2Result first = evaluate(data, predictions, naProbs);
    System.out.printf(
        "in-process cold (first run): %.1f ms%nresult: %s%n",
        (System.nanoTime() - start) / 1e6, first.toMap());
    for (int i = 0; i < WARMUP; i++) {
      evaluate(data, predictions, naProbs);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Wall and CPU time of this thread per phase: on a loaded machine the CPU time is the
    // steadier number.
    Phases gold = new Phases(runs);
    Phases files = new Phases(runs);
    Phases score = new Phases(runs);
    Phases whole = new Phases(runs);
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Map<String, List<String>> g = SquadReader.goldAnswers(data);
      long c1 = threads.getCurrentThreadCpuTime();
      long t1 = System.nanoTime();
      Map<String, String> p = PredictionReader.readPredictions(predictions);
      Map<String, Double> na = PredictionReader.readNaProbs(naProbs);
      long c2 = threads.getCurrentThreadCpuTime();
      long t2 = System.nanoTime();
      SquadV2Result r = SquadEvaluator.evaluateV2(g, p, na, 1.0);
      long c3 = threads.getCurrentThreadCpuTime();
      long t3 = System.nanoTime();
      if (!r.toMap().equals(first.toMap())) {
        throw new IllegalStateException("results differ between runs");
      }
      gold.add(i, t1 - t0, c1 - c0);
      files.add(i, t2 - t1, c2 - c1);
      score.add(i, t3 - t2, c3 - c2);
      whole.add(i, t3 - t0, c3 - c0);
    }
    System.out.printf(
        "in-process warm, medians of %d runs (wall / CPU): read gold %s, read predictions +"
            + " na-probs %s, score %s, whole %s%n",
        runs, gold, files, score, whole);
  }

  /** Wall and CPU nanoseconds of one phase over the runs. */
  private record Phases(double[] wall, double[] cpu) {
    Phases(int runs) {
      this(new double[runs], new double[runs]);
    }

    void add(int run, double wallNanos, double cpuNanos) {
      wall[run] = wallNanos / 1e6;
      cpu[run] = cpuNanos / 1e6;
    }

    @Override
    public String toString() {
      return String.format("%.1f / %.1f ms", median(wall), median(cpu));
    }
  }

  private static void wholeProcesses(
      Path data, Path predictions, Path naProbs, int runs, Path officialScript)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> qa =
        List.of(
            java,
            "-jar",
            ownJar(),
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            predictions.toString(),
            "--na-prob",
            naProbs.toString());
    List<String> python =
        officialScript == null
            ? null
            : List.of(
                "python3",
                officialScript.toString(),
                data.toString(),
                predictions.toString(),
                "--na-prob-file",
                naProbs.toString());
    Phases qaTimes = new Phases(runs);
    Phases pyTimes = new Phases(runs);
    for (int i = 0; i < runs; i++) {
      timeProcess(qa, qaTimes, i);
      if (python != null) {
        timeProcess(python, pyTimes, i);
      }
    }
    System.out.printf(
        "process 'qa evaluate', medians of %d runs (wall / user+sys CPU): %s%n", runs, qaTimes);
    if (python != null) {
      System.out.printf(
          "process 'python3 evaluate-v2.0.py', medians of %d runs (wall / user+sys CPU): %s%n",
          runs, pyTimes);
    }
  }

  /**
   * Runs a command to completion, recording its wall time and, through GNU time ({@code
   * /usr/bin/time}, when present), its user + system CPU time (else NaN).
   */
  private static void timeProcess(List<String> command, Phases times, int run)
      throws IOException, InterruptedException {
    Path gnuTime = Path.of("/usr/bin/time");
    Path cpuFile = Files.createTempFile("qa-bench", ".time");
    try {
      List<String> argv = new ArrayList<>();
      if (Files.isExecutable(gnuTime)) {
        argv.addAll(List.of(gnuTime.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
      }
      argv.addAll(command);
      long t0 = System.nanoTime();
      Process process =
          new ProcessBuilder(argv)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      int code = process.waitFor();
      long wall = System.nanoTime() - t0;
      if (code != 0) {
        throw new IllegalStateException("exit code " + code + " from " + command);
      }
      double cpu = Double.NaN;
      String[] userSys = Files.readString(cpuFile).strip().split("\\s+");
      if (userSys.length == 2) {
        cpu = (Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1])) * 1e9;
      }
      times.add(run, wall, cpu);
    } finally {
      Files.deleteIfExists(cpuFile);
    }
  }

  private static String ownJar() {
    try {
      File jar =
          new File(
              EvaluateBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!jar.isFile()) {
        throw new IllegalStateException("run this benchmark from qa.jar, not from " + jar);
      }
      return jar.getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SquadV2Result evaluate(Path data, Path predictions, Path naProbs)
      throws IOException {
    return SquadEvaluator.evaluateV2(
        SquadReader.goldAnswers(data),
        PredictionReader.readPredictions(predictions),
        PredictionReader.readNaProbs(naProbs),
        1.0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
