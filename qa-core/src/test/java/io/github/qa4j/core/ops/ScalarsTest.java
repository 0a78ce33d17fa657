package io.github.qa4j.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Gradients through constant arithmetic survive garbage collection between forward and backward,
 * which DJL's own {@code mul(Number)} does not (see {@link Scalars}).
 */
class ScalarsTest {

  private static float gradientAfterGcChurn(BiFunction<NDArray, Float, NDArray> op) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (var collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = op.apply(x, 2.5f).sum();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          System.gc();
        }
        // Reuse freed direct memory, as a busy program would.
        for (int i = 0; i < 4000; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 999f);
          junk.add(b);
        }
        collector.backward(y);
        assertThat(junk).hasSize(4000);
      }
      return x.getGradient().toFloatArray()[0];
    }
  }

  @Test
  void gradientsOfScaledArraysAreRight() {
    assertThat(gradientAfterGcChurn(Scalars::mul)).isEqualTo(2.5f);
    assertThat(gradientAfterGcChurn(Scalars::div)).isEqualTo(1 / 2.5f);
    assertThat(gradientAfterGcChurn((x, v) -> Scalars.pow(x, 2))).isEqualTo(2f);
  }
}
