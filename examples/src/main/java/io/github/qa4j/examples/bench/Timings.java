package io.github.qa4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Wall-clock and process CPU seconds of the runs of a repeated action.
 *
 * <p>On a machine shared with other busy processes the wall time mostly measures the sharing; the
 * CPU seconds this process used (all its threads) measure the work, so both are reported.
 *
 * @param wall wall seconds per run
 * @param cpu process CPU seconds per run
 */
record Timings(double[] wall, double[] cpu) {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Runs {@code action} {@code warmup} times untimed, then {@code runs} times timed. */
  static Timings measure(int warmup, int runs, Runnable action) {
    for (int i = 0; i < warmup; i++) {
      action.run();
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      action.run();
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (OS.getProcessCpuTime() - c0) / 1e9;
    }
    return new Timings(wall, cpu);
  }

  /** The fastest run's wall time: on a shared machine the least disturbed run. */
  double bestWall() {
    return Arrays.stream(wall).min().orElseThrow();
  }

  /** The smallest CPU time of a run. */
  double bestCpu() {
    return Arrays.stream(cpu).min().orElseThrow();
  }

  @Override
  public String toString() {
    return String.format(
        "wall %s s, cpu %s s", Arrays.toString(round(wall)), Arrays.toString(round(cpu)));
  }

  private static double[] round(double[] v) {
    return Arrays.stream(v).map(x -> Math.round(x * 1000) / 1000.0).toArray();
  }
}
