package io.github.qa4j.examples.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Features per second and peak heap of the featurizer on a SQuAD file, beside the naive DJL way
 * (one {@code encode(question, context)} with overflowing windows per question), in the same JVM.
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.bench.FeaturizerBench \
 *     ../shared/data/squad/dev-v1.1.json \
 *     ../shared/data/tokenizers/bert-base-uncased/tokenizer.json [rounds]
 * </pre>
 */
public final class FeaturizerBench {

  private static final int MAX_SEQ_LENGTH = 384;
  private static final int STRIDE = 128;

  private FeaturizerBench() {}

  /** A timed method: returns the number of features it produced. */
  @FunctionalInterface
  private interface Method {
    long run() throws IOException;
  }

  /** Runs the benchmark; arguments: SQuAD file, tokenizer.json, rounds (default 3). */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: FeaturizerBench SQUAD.json tokenizer.json [rounds]");
    }
    Path data = Path.of(args[0]);
    Path tokenizerFile = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<QaExample> examples = SquadReader.strict().read(data).examples();
    System.out.printf(
        Locale.ROOT,
        "%s: %d questions; %d cores; max heap %d MiB; java %s%n",
        data.getFileName(),
        examples.size(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));

    try (HuggingFaceTokenizer naive =
            HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerFile)
                .optMaxLength(MAX_SEQ_LENGTH)
                .optStride(STRIDE)
                .optTruncateSecondOnly()
                .optWithOverflowingTokens(true)
                .optPadToMaxLength()
                .build();
        Featurizer featurizer =
            Featurizer.builder(tokenizerFile, WindowLayout.questionFirst(0))
                .windows(new WindowOptions(MAX_SEQ_LENGTH, STRIDE))
                .build()) {
      measure(
          "naive DJL encode(question, context) with overflow, per question",
          rounds,
          () -> {
            long n = 0;
            for (QaExample ex : examples) {
              Encoding e = naive.encode(ex.question().stripLeading(), ex.context(), true, true);
              n += 1 + e.getOverflowing().length;
            }
            return n;
          });
      measure(
          "qa4j Featurizer.featurizeAll (contexts once, batched, streamed)",
          rounds,
          () -> {
            AtomicLong n = new AtomicLong();
            featurizer.featurizeAll(examples, f -> n.incrementAndGet());
            return n.get();
          });
      measure(
          "qa4j Featurizer.featurize, one example at a time",
          rounds,
          () -> {
            long n = 0;
            for (QaExample ex : examples) {
              n += featurizer.featurize(ex).size();
            }
            return n;
          });
    }
  }

  private static void measure(String name, int rounds, Method method) throws IOException {
    method.run(); // warm-up
    double[] seconds = new double[rounds];
    double[] cpuSeconds = new double[rounds];
    long features = 0;
    long peak = 0;
    for (int r = 0; r < rounds; r++) {
      System.gc();
      resetPeaks();
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      features = method.run();
      seconds[r] = (System.nanoTime() - t0) / 1e9;
      cpuSeconds[r] = (processCpuNanos() - c0) / 1e9;
      peak = Math.max(peak, peakHeap());
    }
    Arrays.sort(seconds);
    Arrays.sort(cpuSeconds);
    double median = seconds[rounds / 2];
    System.out.printf(
        Locale.ROOT,
        "%-66s %6d features  median %.3f s (min %.3f)  %7.0f features/s  CPU %.2f s"
            + "  peak heap %d MiB%n",
        name,
        features,
        median,
        seconds[0],
        features / median,
        cpuSeconds[rounds / 2],
        peak >> 20);
  }

  /** CPU time of the whole process (all threads, native tokenizer threads included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : heapPools()) {
      pool.resetPeakUsage();
    }
  }

  /** The sum of the heap pools' peak usage since the last reset (an upper bound of the peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : heapPools()) {
      sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pools.add(pool);
      }
    }
    return pools;
  }
}
