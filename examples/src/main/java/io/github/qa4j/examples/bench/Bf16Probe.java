package io.github.qa4j.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Probes one bfloat16 route through DJL 0.36's PyTorch engine without {@code toType(BFLOAT16)}
 * (which aborts the JVM on some CPUs): bf16 arrays made from bytes, their matmul speed and accuracy
 * against float32. Each step can crash the JVM, so run one step per JVM:
 *
 * <pre>{@code
 * for s in create matmul widen speed; do
 *   java -cp examples/target/qa.jar io.github.qa4j.examples.bench.Bf16Probe $s; echo "exit $?"
 * done
 * }</pre>
 */
public final class Bf16Probe {

  private static final int N = 1024;

  private Bf16Probe() {}

  /** Runs the step named by the first argument: create, matmul, widen or speed. */
  public static void main(String[] args) {
    String step = args.length > 0 ? args[0] : "create";
    System.out.println(
        "engine PyTorch " + Engine.getEngine("PyTorch").getVersion() + ", step " + step);
    try (NDManager m = NDManager.newBaseManager()) {
      float[] av = random(1);
      float[] bv = random(2);
      NDArray a = bf16(m, av);
      System.out.println("created " + a.getDataType() + " " + a.getShape());
      if (step.equals("create")) {
        return;
      }
      NDArray b = bf16(m, bv);
      NDArray c = a.matMul(b);
      System.out.println("matmul gives " + c.getDataType() + " " + c.getShape());
      if (step.equals("matmul")) {
        return;
      }
      NDArray wide = c.toType(DataType.FLOAT32, false);
      NDArray exact =
          m.create(rounded(av), new Shape(N, N)).matMul(m.create(rounded(bv), new Shape(N, N)));
      float worst = wide.sub(exact).abs().max().getFloat();
      float scale = exact.abs().max().getFloat();
      System.out.printf(
          "bf16 -> float32 works; max |bf16 product - float32 product| = %.4g (max |product| %.4g)%n",
          worst, scale);
      if (step.equals("widen")) {
        return;
      }
      NDArray a32 = m.create(av, new Shape(N, N));
      NDArray b32 = m.create(bv, new Shape(N, N));
      Timings t16 = Timings.measure(1, 5, () -> a.matMul(b).close());
      Timings t32 = Timings.measure(1, 5, () -> a32.matMul(b32).close());
      double flops = 2.0 * N * N * N;
      System.out.printf(
          "matmul %dx%d: bf16 %.1f GFLOP/s, float32 %.1f GFLOP/s%n",
          N, N, flops / t16.bestWall() / 1e9, flops / t32.bestWall() / 1e9);
    }
  }

  private static float[] random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[N * N];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Round-to-nearest-even float32 to bfloat16 bits. */
  private static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** The float32 values the bf16 array holds exactly. */
  private static float[] rounded(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.intBitsToFloat((toBf16(v[i]) & 0xffff) << 16);
    }
    return out;
  }

  private static NDArray bf16(NDManager m, float[] v) {
    ByteBuffer bytes = m.allocateDirect(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bytes.putShort(toBf16(f));
    }
    bytes.rewind();
    return m.create(bytes, new Shape(N, N), DataType.BFLOAT16);
  }
}
