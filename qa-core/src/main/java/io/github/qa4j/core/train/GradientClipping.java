package io.github.qa4j.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_} does it (and so the
 * Hugging Face Trainer's {@code max_grad_norm}): the L2 norm over every parameter's gradient,
 * summed over the devices' copies; when it exceeds the maximum, every gradient is scaled in place
 * by {@code maxNorm / (norm + 1e-6)}.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Clips the gradients of {@code parameters} in place.
   *
   * @param store holds each parameter's copy per device
   * @param parameters the parameters whose gradients are clipped
   * @param devices the devices holding copies; their gradients add up to the step's gradient
   * @param maxNorm the largest norm allowed; 0 only measures
   * @return the global norm before clipping
   */
  public static double clip(
      ParameterStore store, Iterable<Parameter> parameters, List<Device> devices, double maxNorm) {
    List<NDArray> gradients = new ArrayList<>();
    double sumOfSquares = 0;
    for (Parameter p : parameters) {
      NDArray total = null;
      List<NDArray> opened = new ArrayList<>();
      for (Device device : devices) {
        NDArray grad = store.getValue(p, device, true).getGradient();
        gradients.add(grad);
        if (total == null) {
          total = grad;
        } else {
          NDArray moved = grad.toDevice(total.getDevice(), true);
          opened.add(moved);
          total = total.add(moved);
          opened.add(total);
        }
      }
      // One pass per gradient, as torch's clip_grad_norm_ takes each tensor's norm first. The
      // result belongs to the gradient's manager, which lives as long as the model: an unclosed
      // array here leaked the size of the whole model every step (the soak run found it).
      try (NDArray norm = total.norm()) {
        double n = norm.getFloat();
        sumOfSquares += n * n;
      }
      opened.forEach(NDArray::close);
    }
    double norm = Math.sqrt(sumOfSquares);
    double scale = maxNorm / (norm + 1e-6);
    if (maxNorm > 0 && scale < 1.0) {
      for (NDArray grad : gradients) {
        grad.muli((float) scale);
      }
    }
    gradients.forEach(NDArray::close);
    return norm;
  }
}
