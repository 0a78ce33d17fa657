package io.github.qa4j.examples.bench;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.PredictionWriter;
import io.github.qa4j.core.decode.ScoreKind;
import io.github.qa4j.core.decode.SpanDecoder;
import io.github.qa4j.core.decode.SpanLogits;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Time to decode every window of a SQuAD file with {@link SpanDecoder} (the work of Hugging Face's
 * {@code postprocess_qa_predictions}, which takes 0.9 to 1.6 s on SQuAD v1.1 dev), on one thread,
 * with random logits uniform in [-8, 8).
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.DecodeBenchmark
 * --data ../shared/data/squad/dev-v1.1.json --tokenizer
 * ../shared/data/tokenizers/bert-base-uncased/tokenizer.json}.
 */
@Command(
    name = "decode-benchmark",
    mixinStandardHelpOptions = true,
    description = "Times decoding all windows of a SQuAD file into answers.")
public final class DecodeBenchmark implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "SQuAD JSON file.")
  Path data;

  @Option(names = "--tokenizer", required = true, description = "Hugging Face tokenizer.json.")
  Path tokenizer;

  @Option(names = "--max-seq-length", description = "Window length (default ${DEFAULT-VALUE}).")
  int maxSeqLength = 384;

  @Option(names = "--doc-stride", description = "Window overlap (default ${DEFAULT-VALUE}).")
  int docStride = 128;

  @Option(names = "--version-2-with-negative", description = "Decode as SQuAD v2.")
  boolean versionTwoWithNegative;

  @Option(names = "--warmup", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Option(names = "--runs", description = "Timed runs (default ${DEFAULT-VALUE}).")
  int runs = 10;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DecodeBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    long t0 = System.nanoTime();
    List<QaExample> examples = SquadReader.lenient().read(data).examples();
    List<QaFeature> windows = new ArrayList<>();
    try (Featurizer featurizer =
        Featurizer.builder(tokenizer, WindowLayout.questionFirst(0))
            .windows(new WindowOptions(maxSeqLength, docStride))
            .build()) {
      featurizer.featurizeAll(examples, windows::add);
    }
    System.out.printf(
        "%d questions, %d windows (read and featurized in %.2f s, not timed below)%n",
        examples.size(), windows.size(), seconds(System.nanoTime() - t0));
    SplittableRandom random = new SplittableRandom(1);
    List<SpanLogits> logits = new ArrayList<>(windows.size());
    for (int w = 0; w < windows.size(); w++) {
      logits.add(new SpanLogits(uniform(random), uniform(random)));
    }
    SpanDecoder decoder =
        new SpanDecoder(DecodingOptions.DEFAULTS.withAllowNoAnswer(versionTwoWithNegative));
    AtomicReference<List<Prediction>> result = new AtomicReference<>();
    report(
        "decodeAll",
        time(warmup, runs, () -> result.set(decoder.decodeAll(examples, windows, logits))));
    List<Prediction> predictions = result.get();
    Path dir = Files.createTempDirectory("decode-benchmark");
    try {
      report(
          "PredictionWriter.write",
          time(
              1,
              Math.max(1, runs / 4),
              () -> PredictionWriter.write(dir, null, ScoreKind.LOGITS, predictions)));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return 0;
  }

  /** Something to time. */
  @FunctionalInterface
  private interface Task {
    void run() throws IOException;
  }

  /** Wall-clock and CPU seconds of each timed run, each sorted. */
  private record Times(double[] wall, double[] cpu) {}

  /**
   * Runs {@code warmup} untimed runs, then {@code runs} timed ones. The CPU time of this thread is
   * measured beside the wall clock: on a machine shared with other work, it shows what the wall
   * clock hides.
   */
  private static Times time(int warmup, int runs, Task task) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int r = -warmup; r < runs; r++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      task.run();
      if (r >= 0) {
        wall[r] = seconds(System.nanoTime() - start);
        cpu[r] = seconds(threads.getCurrentThreadCpuTime() - cpuStart);
      }
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Times(wall, cpu);
  }

  private static void report(String what, Times times) {
    int n = times.wall().length;
    System.out.printf(
        "%s, %d runs: wall min %.3f s, median %.3f s, max %.3f s; thread CPU min %.3f s, median"
            + " %.3f s%n",
        what,
        n,
        times.wall()[0],
        times.wall()[n / 2],
        times.wall()[n - 1],
        times.cpu()[0],
        times.cpu()[n / 2]);
  }

  private float[] uniform(SplittableRandom random) {
    float[] out = new float[maxSeqLength];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (random.nextDouble() * 16 - 8);
    }
    return out;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
