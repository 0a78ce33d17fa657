package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Pushes masked logits to a very large negative value, with the constants transformers uses: {@code
 * 1e30} below the logit, or {@code 65500} (close to the float16 maximum) in float16, where {@code
 * 1e30} would overflow.
 */
public final class LogitMask {

  private LogitMask() {}

  /** The amount subtracted from masked logits of type {@code type}. */
  public static float fill(DataType type) {
    return type == DataType.FLOAT16 ? 65500f : 1e30f;
  }

  /**
   * {@code logits * (1 - mask) - fill * mask}, transformers' masking of the SQuAD head's logits;
   * the mask is cast to the type of {@code logits}.
   *
   * @param logits any shape
   * @param mask 1 for masked positions, broadcastable to {@code logits}; null masks nothing
   */
  public static NDArray apply(NDArray logits, NDArray mask) {
    if (mask == null) {
      return logits;
    }
    DataType type = logits.getDataType();
    NDArray m = mask.getDataType() == type ? mask : mask.toType(type, false);
    return logits.mul(m.neg().add(1)).sub(m.mul(fill(type)));
  }
}
