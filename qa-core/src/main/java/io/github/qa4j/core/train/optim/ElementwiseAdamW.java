package io.github.qa4j.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * {@link AdamWKernel} from DJL's element-wise operations, for any engine. It makes about a dozen
 * passes over each parameter-sized array, which is why an engine's fused kernel is preferred.
 */
public final class ElementwiseAdamW implements AdamWKernel {

  @Override
  public boolean supports(NDArray parameter) {
    return true;
  }

  @Override
  public void update(Update u) {
    AdamWOptions options = u.options();
    NDArray parameter = u.parameter();
    NDArray gradient = u.gradient();
    try (NDManager scope = parameter.getManager().newSubManager(parameter.getDevice())) {
      if (u.weightDecay() != 0) {
        parameter.muli((float) (1.0 - u.learningRate() * u.weightDecay()));
      }
      u.expAvg()
          .muli((float) options.beta1())
          .addi(scoped(gradient.mul((float) (1.0 - options.beta1())), scope));
      u.expAvgSq()
          .muli((float) options.beta2())
          .addi(
              scoped(
                  scoped(gradient.square(), scope).muli((float) (1.0 - options.beta2())), scope));
      double stepSize = u.learningRate() / (1.0 - Math.pow(options.beta1(), u.step()));
      double correction2 = Math.sqrt(1.0 - Math.pow(options.beta2(), u.step()));
      NDArray denom =
          scoped(u.expAvgSq().sqrt(), scope)
              .divi((float) correction2)
              .addi((float) options.epsilon());
      parameter.subi(scoped(u.expAvg().div(denom), scope).muli((float) stepSize));
    }
  }

  private static NDArray scoped(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }
}
