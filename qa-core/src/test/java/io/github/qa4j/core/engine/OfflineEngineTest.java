package io.github.qa4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The PyTorch engine starts from the natives on the classpath, with downloads forbidden. */
class OfflineEngineTest {

  @Test
  void pytorchStartsOfflineAndMultipliesMatrices() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = Engine.getEngine("PyTorch");
    assertThat(engine.getVersion()).startsWith("2.7.1");
    try (NDManager manager = engine.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      NDArray b = manager.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
      assertThat(a.matMul(b).toFloatArray()).containsExactly(58, 64, 139, 154);
    }
  }
}
