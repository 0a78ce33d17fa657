package io.github.qa4j.models.precision;

import ai.djl.ndarray.NDArray;

/**
 * A linear layer's {@code x W^T + b} with weights prepared once for a lower precision; closing it
 * frees the prepared weights.
 */
public interface LinearKernel extends AutoCloseable {

  /**
   * Applies the layer to float32 {@code x [..., in]}; the float32 result lives in the manager of
   * {@code x}.
   */
  NDArray apply(NDArray x);

  /** Frees the prepared weights. */
  @Override
  void close();
}
