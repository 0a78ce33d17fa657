package io.github.qa4j.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * This machine's measured float32 matrix-multiply throughput through DJL: square products of a few
 * sizes, best run, per wall second and per CPU second ({@code 2 n^3} floating-point operations per
 * product).
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.MatmulPeak [runs]}.
 */
public final class MatmulPeak {

  private MatmulPeak() {}

  /**
   * Peak throughput, measured two ways.
   *
   * @param perWallSecond GFLOP per wall-clock second
   * @param perCpuSecond GFLOP per CPU second of this process (insensitive to other processes)
   */
  record Peak(double perWallSecond, double perCpuSecond) {}

  /** Prints one line per size and the peak. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println(
        "engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    Peak peak = measure(runs, true);
    System.out.printf(
        "peak float32 matmul: %.1f GFLOP/s wall, %.1f GFLOP per CPU second%n",
        peak.perWallSecond(), peak.perCpuSecond());
  }

  /**
   * The best float32 matmul throughput over sizes 512 to 2048.
   *
   * @param runs timed products per size
   * @param print whether to print each size's result
   */
  static Peak measure(int runs, boolean print) {
    double wallPeak = 0;
    double cpuPeak = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int n : new int[] {512, 1024, 2048}) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray a = scope.randomNormal(new Shape(n, n));
          NDArray b = scope.randomNormal(new Shape(n, n));
          Timings t =
              Timings.measure(
                  1, runs, () -> a.matMul(b).close()); // PyTorch on CPU computes eagerly
          double gflop = 2.0 * n * n * n / 1e9;
          wallPeak = Math.max(wallPeak, gflop / t.bestWall());
          cpuPeak = Math.max(cpuPeak, gflop / t.bestCpu());
          if (print) {
            System.out.printf(
                "matmul %dx%d: %.1f GFLOP/s wall, %.1f GFLOP per CPU second (%s)%n",
                n, n, gflop / t.bestWall(), gflop / t.bestCpu(), t);
          }
        }
      }
    }
    return new Peak(wallPeak, cpuPeak);
  }
}
