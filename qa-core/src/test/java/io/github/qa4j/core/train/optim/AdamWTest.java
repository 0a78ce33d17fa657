package io.github.qa4j.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AdamW against torch.optim.AdamW's update rule, written out in doubles. */
class AdamWTest {

  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  /** The reference: one element, torch.optim.AdamW's documented algorithm. */
  private static double[] reference(
      double w, double[] grads, double[] lrs, double wd, double scale) {
    double m = 0;
    double v = 0;
    double[] out = new double[grads.length];
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1] * scale;
      double lr = lrs[t - 1];
      w *= 1 - lr * wd;
      m = B1 * m + (1 - B1) * g;
      v = B2 * v + (1 - B2) * g * g;
      double mHat = m / (1 - Math.pow(B1, t));
      double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(B2, t)) + EPS;
      w -= lr * mHat / denom * 1.0;
      out[t - 1] = w;
    }
    return out;
  }

  private static double[] run(
      String name, double w0, double[] grads, double[] lrs, double wd, double scale) {
    double[] out = new double[grads.length];
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(new float[] {(float) w0});
      weight.setRequiresGradient(true);
      NDArray grad = weight.getGradient();
      try (AdamW adamW =
          new AdamW(
              manager,
              Map.of("id", name),
              AdamW.decays(name) ? Set.of() : Set.of(name),
              AdamWOptions.builder().betas(B1, B2).epsilon(EPS).weightDecay(wd).build())) {
        for (int t = 0; t < grads.length; t++) {
          // Clipping scales the gradient before the optimizer sees it.
          grad.subi(grad).addi((float) grads[t]).muli((float) scale);
          adamW.prepareStep(lrs[t]);
          adamW.update("id", new NDArray[] {grad}, new NDArray[] {weight});
          out[t] = weight.getFloat();
          assertThat(grad.getFloat()).as("gradient is zeroed after the step").isZero();
        }
        assertThat(adamW.steps()).isEqualTo(grads.length);
      }
    }
    return out;
  }

  @Test
  void matchesTorchAdamWWithDecoupledDecayAndScaling() {
    double[] grads = {0.5, -1.25, 2.0, 0.01};
    double[] lrs = {1e-3, 5e-4, 2e-3, 1e-3};
    double[] expected = reference(0.75, grads, lrs, 0.01, 0.5);
    double[] actual = run("encoder.dense.weight", 0.75, grads, lrs, 0.01, 0.5);
    for (int i = 0; i < grads.length; i++) {
      assertThat(actual[i]).as("step %d", i + 1).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void biasesAndLayerNormAreNotDecayed() {
    double[] grads = {0.5, 0.5};
    double[] lrs = {0.1, 0.1};
    double[] expected = reference(1.0, grads, lrs, 0.0, 1.0);
    double[] actual = run("encoder.LayerNorm.weight", 1.0, grads, lrs, 0.5, 1.0);
    assertThat(actual[1]).isCloseTo(expected[1], within(1e-6));
    assertThat(AdamW.decays("bert.encoder.layer.0.output.dense.bias")).isFalse();
    assertThat(AdamW.decays("transformer.layer.0.ff.layer_norm.weight")).isFalse();
    assertThat(AdamW.decays("bert.encoder.layer.0.output.dense.weight")).isTrue();
    assertThat(AdamW.decays("qa_outputs.weight")).isTrue();
  }

  /**
   * Data-parallel training hands the optimizer one gradient and one weight copy per device: the
   * step uses the sum of the gradients (each device's loss is already weighted by its share of the
   * batch) and every copy gets the updated weight. Both copies are on the CPU here; a CPU has no
   * second device (see {@code GradientClippingParityTest}). With epsilon 1, the first step moves a
   * weight by {@code lr * g / (|g| + 1)}, which tells the sum from one gradient or the mean.
   */
  @Test
  void gradientsOfDeviceCopiesAreSummedAndEveryCopyUpdated() {
    double[] g1 = {0.5, -0.25, 1.5};
    double[] g2 = {-0.125, 0.75, 0.5};
    double w0 = 0.75;
    double lr = 0.5;
    double wd = 0.01;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray[] weights = {
        manager.full(new Shape(3), (float) w0), manager.full(new Shape(3), (float) w0)
      };
      NDArray[] grads = {
        manager.create(new float[] {(float) g1[0], (float) g1[1], (float) g1[2]}),
        manager.create(new float[] {(float) g2[0], (float) g2[1], (float) g2[2]})
      };
      String name = "encoder.dense.weight";
      try (AdamW adamW =
          new AdamW(
              manager,
              Map.of("id", name),
              Set.of(),
              AdamWOptions.builder().betas(B1, B2).epsilon(1.0).weightDecay(wd).build())) {
        adamW.prepareStep(lr);
        adamW.update("id", grads, weights);
      }
      for (int copy = 0; copy < 2; copy++) {
        float[] w = weights[copy].toFloatArray();
        for (int j = 0; j < 3; j++) {
          double g = g1[j] + g2[j];
          double expected = w0 * (1 - lr * wd) - lr * g / (Math.abs(g) + 1.0);
          assertThat((double) w[j])
              .as("copy %d, element %d", copy, j)
              .isCloseTo(expected, within(1e-6));
        }
        assertThat(grads[copy].toFloatArray()).as("gradient %d is zeroed", copy).containsOnly(0f);
      }
    }
  }
}
