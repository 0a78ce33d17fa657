package io.github.qa4j.examples.bench;

import io.github.qa4j.squad.SquadDataset;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time and peak heap of reading a SQuAD file: streaming the examples, and reading the whole dataset
 * into memory. Run it with a small {@code -Xmx} to show what a file needs.
 *
 * <pre>
 * java -Xmx64m -cp examples/target/qa.jar io.github.qa4j.examples.bench.SquadReadBench FILE.json
 * </pre>
 */
public final class SquadReadBench {

  private SquadReadBench() {}

  /** Runs the benchmark; argument: a SQuAD file. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SquadReadBench SQUAD.json");
    }
    Path file = Path.of(args[0]);
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f MB; max heap %d MiB%n",
        file.getFileName(),
        Files.size(file) / 1e6,
        Runtime.getRuntime().maxMemory() >> 20);
    for (int round = 0; round < 2; round++) {
      System.gc();
      resetPeaks();
      long t0 = System.nanoTime();
      AtomicLong chars = new AtomicLong();
      SquadReport report =
          SquadReader.strict().stream(file, ex -> chars.addAndGet(ex.question().length()));
      report(round, "stream", report, t0);
      System.gc();
      resetPeaks();
      t0 = System.nanoTime();
      SquadDataset dataset = SquadReader.strict().read(file);
      report(round, "read into memory", dataset.report(), t0);
    }
  }

  private static void report(int round, String what, SquadReport report, long t0) {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "round %d %-17s %7d questions  %.3f s  peak heap %d MiB%n",
        round,
        what,
        report.questions(),
        (System.nanoTime() - t0) / 1e9,
        peak >> 20);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }
}
