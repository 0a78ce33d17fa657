package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The helper module that libtorch loads from the archive Java writes: every method against the
 * float32 product, with the error bounds of bfloat16 (8-bit mantissa) and of per-channel INT8.
 */
class LowPrecisionOpsTest {

  private static final LowPrecisionOps OPS = LowPrecisionOps.get();

  /** Relative error of {@code actual} against {@code expected}: max |a - e| / max |e|. */
  private static double relativeError(NDArray actual, NDArray expected) {
    return actual.sub(expected).abs().max().getFloat() / expected.abs().max().getFloat();
  }

  @Test
  void bf16LinearIsTheFloat32LinearToBf16Precision() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Engine.getInstance().setRandomSeed(7);
      NDArray x = m.randomNormal(new Shape(3, 5, 64));
      NDArray w = m.randomNormal(new Shape(32, 64));
      NDArray b = m.randomNormal(new Shape(32));
      NDArray expected = Linear.linear(x, w, b).singletonOrThrow();
      NDArray actual = OPS.linearBf16(x, OPS.toBf16(w, m), OPS.toBf16(b, m));
      assertThat(actual.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(actual.getShape()).isEqualTo(new Shape(3, 5, 32));
      double error = relativeError(actual, expected);
      assertThat(error).isLessThan(1e-2).isGreaterThan(0);
    }
  }

  @Test
  void bf16MatMulBroadcastsLikeMatMul() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = m.randomNormal(new Shape(2, 4, 7, 16));
      NDArray b = m.randomNormal(new Shape(4, 16, 9));
      NDArray actual = OPS.matMulBf16Autograd(a, b);
      assertThat(actual.getShape()).isEqualTo(new Shape(2, 4, 7, 9));
      assertThat(relativeError(actual, a.matMul(b))).isLessThan(1e-2).isGreaterThan(0);
    }
  }

  @Test
  void fusedAttentionIsSoftmaxOfScaledMaskedScoresTimesValues() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Engine.getInstance().setRandomSeed(11);
      Shape shape = new Shape(2, 3, 7, 8);
      NDArray q = m.randomNormal(shape);
      NDArray k = m.randomNormal(shape);
      NDArray v = m.randomNormal(shape);
      // The second window's last three keys are padding, masked as transformers masks them.
      float[] mask = new float[2 * 7];
      for (int t = 4; t < 7; t++) {
        mask[7 + t] = -Float.MAX_VALUE;
      }
      NDArray additive = m.create(mask, new Shape(2, 1, 1, 7));
      NDArray expected =
          q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(8)).add(additive).softmax(-1).matMul(v);
      NDArray actual = OPS.attention(q, k, v, additive);
      assertThat(actual.getShape()).isEqualTo(shape);
      assertThat(relativeError(actual, expected)).isLessThan(1e-5);
    }
  }

  @Test
  void int8LinearIsTheFloat32LinearToInt8Precision() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.randomNormal(new Shape(6, 64));
      NDArray w = m.randomNormal(new Shape(32, 64));
      NDArray b = m.randomNormal(new Shape(32));
      NDArray actual = OPS.linearInt8(x, OPS.packInt8(w, b, m));
      assertThat(actual.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(relativeError(actual, Linear.linear(x, w, b).singletonOrThrow()))
          .isLessThan(5e-2)
          .isGreaterThan(0);
    }
  }

  @Test
  void int8ScalesEachTokenOnItsOwnSoAnOutlierTokenCostsTheOthersNothing() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray w = m.randomNormal(new Shape(32, 64));
      NDArray b = m.zeros(new Shape(32));
      OpaqueValue packed = OPS.packInt8(w, b, m);
      NDArray x = m.randomNormal(new Shape(6, 64));
      // One token a thousand times larger: with one scale for the whole array, every other
      // token's values would round to a handful of levels.
      NDArray withOutlier = x.concat(x.get("0:1").mul(1000), 0);
      NDArray plain = OPS.linearInt8(x, packed);
      NDArray beside = OPS.linearInt8(withOutlier, packed).get("0:6");
      assertThat(relativeError(beside, plain)).isLessThan(1e-6);
    }
  }

  @Test
  void bf16AutogradLinearSendsGradientsToFloat32Weights() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.randomNormal(new Shape(4, 16));
      NDArray w = m.randomNormal(new Shape(8, 16));
      NDArray b = m.randomNormal(new Shape(8));
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(OPS.linearBf16Autograd(x, w, b).sum());
      }
      // d sum(x W^T + b) / dW[o, i] = sum over rows of x[:, i]; / db = rows.
      NDArray expected = x.sum(new int[] {0}).expandDims(0).repeat(0, 8);
      assertThat(w.getGradient().getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(relativeError(w.getGradient(), expected)).isLessThan(1e-2);
      assertThat(b.getGradient().toFloatArray()).containsOnly(4f);
    }
  }
}
