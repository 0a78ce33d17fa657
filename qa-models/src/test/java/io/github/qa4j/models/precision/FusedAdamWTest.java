package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.train.optim.AdamWKernel;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.core.train.optim.ElementwiseAdamW;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * libtorch's fused AdamW step against the element-wise kernel (which {@code AdamWTest} checks
 * against torch.optim.AdamW's rule): the same parameters and moments after several steps, with and
 * without weight decay.
 */
class FusedAdamWTest {

  private static final AdamWOptions OPTIONS =
      AdamWOptions.builder()
          .learningRate(1e-2)
          .weightDecay(0.1)
          .betas(0.9, 0.98)
          .epsilon(1e-6)
          .build();

  @Test
  void isTheKernelAdamWFindsForPyTorchArrays() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray p = m.zeros(new Shape(2));
      AdamWKernel found =
          ServiceLoader.load(AdamWKernel.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(k -> k.supports(p))
              .findFirst()
              .orElseThrow();
      assertThat(found).isInstanceOf(FusedAdamW.class);
    }
  }

  @Test
  void givesTheElementwiseKernelsParametersAndMoments() {
    for (boolean decay : new boolean[] {true, false}) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        m.getEngine().setRandomSeed(3);
        Shape shape = new Shape(37, 11);
        NDArray start = m.randomNormal(shape);
        NDArray[] fused = {start.duplicate(), m.zeros(shape), m.zeros(shape)};
        NDArray[] plain = {start.duplicate(), m.zeros(shape), m.zeros(shape)};
        for (long step = 1; step <= 5; step++) {
          NDArray grad = m.randomNormal(shape).mul(step);
          new FusedAdamW()
              .update(
                  new AdamWKernel.Update(
                      fused[0], grad, fused[1], fused[2], step, 1e-2 * step, OPTIONS, decay));
          new ElementwiseAdamW()
              .update(
                  new AdamWKernel.Update(
                      plain[0], grad, plain[1], plain[2], step, 1e-2 * step, OPTIONS, decay));
        }
        for (int i = 0; i < 3; i++) {
          float[] a = fused[i].toFloatArray();
          float[] b = plain[i].toFloatArray();
          for (int k = 0; k < a.length; k++) {
            assertThat(a[k])
                .as("decay %s, array %d, element %d", decay, i, k)
                .isCloseTo(
                    b[k],
                    org.assertj.core.api.Assertions.within(1e-5f * Math.max(1f, Math.abs(b[k]))));
          }
        }
        assertThat(fused[0].toFloatArray())
            .as("the parameter moved")
            .isNotEqualTo(start.toFloatArray());
      }
    }
  }
}
