package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/** Dropout as transformers applies it: only while training, and not at all with rate 0. */
public final class Dropouts {

  private Dropouts() {}

  /**
   * Zeroes elements with probability {@code rate} and scales the rest by {@code 1 / (1 - rate)}
   * when {@code training}; otherwise returns {@code x} itself.
   */
  public static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }
}
