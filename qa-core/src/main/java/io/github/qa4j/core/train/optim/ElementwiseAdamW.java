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
  public void update(
      NDArray parameter,
      NDArray gradient,
      NDArray expAvg,
      NDArray expAvgSq,
      long step,
      double learningRate,
      AdamWOptions options,
      boolean decay) {
    try (NDManager scope = parameter.getManager().newSubManager(parameter.getDevice())) {
      if (decay) {
        parameter.muli((float) (1.0 - learningRate * options.weightDecay()));
      }
      expAvg
          .muli((float) options.beta1())
          .addi(scoped(gradient.mul((float) (1.0 - options.beta1())), scope));
      expAvgSq
          .muli((float) options.beta2())
          .addi(
              scoped(
                  scoped(gradient.square(), scope).muli((float) (1.0 - options.beta2())), scope));
      double stepSize = learningRate / (1.0 - Math.pow(options.beta1(), step));
      double correction2 = Math.sqrt(1.0 - Math.pow(options.beta2(), step));
      NDArray denom =
          scoped(expAvgSq.sqrt(), scope).divi((float) correction2).addi((float) options.epsilon());
      parameter.subi(scoped(expAvg.div(denom), scope).muli((float) stepSize));
    }
  }

  private static NDArray scoped(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }
}
