package io.github.qa4j.core.train.optim;

import ai.djl.ndarray.NDArray;

/**
 * The arithmetic of one {@link AdamW} update of one parameter, in place. {@link AdamW} finds
 * kernels through {@link java.util.ServiceLoader} and uses the first that {@link #supports} the
 * parameter, else {@link ElementwiseAdamW}; an engine module can so supply a fused update (one pass
 * over the parameter, its gradient and both moments) without qa-core knowing the engine.
 *
 * <p>Every kernel computes {@code torch.optim.AdamW}'s rule: with {@code decay}, the parameter
 * first shrinks by {@code lr * weightDecay}; then {@code m = beta1 m + (1 - beta1) g}, {@code v =
 * beta2 v + (1 - beta2) g^2}, and {@code p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t)
 * + eps)}.
 */
public interface AdamWKernel {

  /** Whether this kernel can update arrays like {@code parameter} (its engine and data type). */
  boolean supports(NDArray parameter);

  /**
   * Updates the parameter and both moments of {@code update} in place; its gradient is only read.
   */
  void update(Update update);

  /**
   * One parameter's update at one step.
   *
   * @param parameter updated in place
   * @param gradient read only
   * @param expAvg the first moment, updated in place
   * @param expAvgSq the second moment, updated in place
   * @param step the step count, 1 for the first step
   * @param learningRate this step's learning rate
   * @param options betas, epsilon and weight decay
   * @param decay whether this parameter is decayed
   */
  record Update(
      NDArray parameter,
      NDArray gradient,
      NDArray expAvg,
      NDArray expAvgSq,
      long step,
      double learningRate,
      AdamWOptions options,
      boolean decay) {

    /** The weight decay applied to this parameter: the options' rate, or 0 when not decayed. */
    public double weightDecay() {
      return decay ? options.weightDecay() : 0;
    }
  }
}
