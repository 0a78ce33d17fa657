package io.github.qa4j.models.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HfEmbedding}'s {@code padding_idx}: looked up as usual, never given a gradient. */
class HfEmbeddingTest {

  @Test
  void thePaddingRowIsLookedUpButGetsNoGradient() {
    HfEmbedding table = new HfEmbedding(4, 3, true, 1);
    Map<String, Parameter> parameters = table.namedParameters();
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      ModelWeights.initialize(
          parameters, List.of("weight"), (name, shape, random) -> ramp(shape), 0, m);
      NDArray ids = m.create(new long[] {0, 1, 1, 3}, new Shape(1, 4));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray rows = table.apply(new ParameterStore(m, false), ids, true);
        assertThat(rows.toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5, 3, 4, 5, 9, 10, 11);
        collector.backward(rows.sum());
      }
      assertThat(parameters.get("weight").getArray().getGradient().toFloatArray())
          .containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    }
  }

  @Test
  void aPaddingIndexOutsideTheTableIsRefused() {
    assertThatThrownBy(() -> new HfEmbedding(4, 3, true, 4))
        .hasMessage("padding index 4 is outside the table's 4 rows");
  }

  private static float[] ramp(Shape shape) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return v;
  }
}
