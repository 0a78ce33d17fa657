package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs inference with libtorch's autograd off on the calling thread, as {@code torch.no_grad()}
 * does.
 *
 * <p>Why: libtorch's grad mode is per thread. DJL turns it off on the thread that starts the engine
 * only, so on every other thread (a service's request threads, {@code QuestionAnswerer}'s callers)
 * a model whose parameters require gradients (one trained in this JVM) would record a backward
 * graph on every call and keep its activations alive until the outputs are freed.
 */
public final class NoGradient {

  private NoGradient() {}

  /**
   * {@code work} with grad mode off when {@code like} is a PyTorch array (other engines run it as
   * it is), restoring the thread's mode afterwards.
   */
  public static <T> T run(NDArray like, Supplier<T> work) {
    if (!(like instanceof PtNDArray) || !JniUtils.isGradMode()) {
      return work.get();
    }
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(true);
    }
  }
}
