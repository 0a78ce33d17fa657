package io.github.qa4j.examples.bench;

import io.github.qa4j.metrics.PredictionFiles;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadV2Result;
import io.github.qa4j.squad.SquadReader;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
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
    double[] gold = new double[runs];
    double[] files = new double[runs];
    double[] score = new double[runs];
    double[] whole = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Map<String, List<String>> g = SquadReader.goldAnswers(data);
      long t1 = System.nanoTime();
      Map<String, String> p = PredictionFiles.readPredictions(predictions);
      Map<String, Double> na = PredictionFiles.readNaProbs(naProbs);
      long t2 = System.nanoTime();
      SquadV2Result r = SquadEvaluator.evaluateV2(g, p, na, 1.0);
      long t3 = System.nanoTime();
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      if (!r.toMap().equals(first.toMap())) {
        throw new IllegalStateException("results differ between runs");
      }
      gold[i] = (t1 - t0) / 1e6;
      files[i] = (t2 - t1) / 1e6;
      score[i] = (t3 - t2) / 1e6;
      whole[i] = (t3 - t0) / 1e6;
    }
    System.out.printf(
        "in-process warm, medians of %d runs: read gold %.1f ms, read predictions + na-probs"
            + " %.1f ms, score %.1f ms, whole %.1f ms wall / %.1f ms CPU%n",
        runs, median(gold), median(files), median(score), median(whole), median(cpu));
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
    double[] qaTimes = new double[runs];
    double[] pyTimes = new double[runs];
    for (int i = 0; i < runs; i++) {
      qaTimes[i] = timeProcess(qa);
      if (python != null) {
        pyTimes[i] = timeProcess(python);
      }
    }
    System.out.printf("process 'qa evaluate', median of %d runs: %.0f ms%n", runs, median(qaTimes));
    if (python != null) {
      System.out.printf(
          "process 'python3 evaluate-v2.0.py', median of %d runs: %.0f ms%n",
          runs, median(pyTimes));
    }
  }

  private static double timeProcess(List<String> command) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int code = process.waitFor();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (code != 0) {
      throw new IllegalStateException("exit code " + code + " from " + command);
    }
    return ms;
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
        PredictionFiles.readPredictions(predictions),
        PredictionFiles.readNaProbs(naProbs),
        1.0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
