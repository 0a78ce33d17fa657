package io.github.qa4j.core.ops;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant that is safe under autograd.
 *
 * <p>DJL 0.36's PyTorch {@code NDArray.mul(Number)}, {@code div(Number)}, {@code pow(Number)} and
 * friends wrap the constant in a tensor over a Java direct buffer and close it right after the
 * operation. Autograd keeps that tensor for the backward pass, but once the buffer is garbage
 * collected the backward pass reads freed memory, which gives wrong gradients (seen here as NaN
 * losses that come and go with GC timing). These methods keep the constant in the operand's
 * manager, so it lives until the step's scope closes, after backward. Use them on every path that
 * gradients flow through.
 */
public final class Scalars {

  private Scalars() {}

  /** A 0-d array holding {@code value} in {@code like}'s manager, type and device. */
  public static NDArray of(NDArray like, double value) {
    NDArray scalar = like.getManager().create((float) value);
    return scalar.toType(like.getDataType(), false);
  }

  /** {@code x * value}. */
  public static NDArray mul(NDArray x, double value) {
    return x.mul(of(x, value));
  }

  /** {@code x / value}. */
  public static NDArray div(NDArray x, double value) {
    return x.div(of(x, value));
  }

  /** {@code x ^ value}. */
  public static NDArray pow(NDArray x, double value) {
    return x.pow(of(x, value));
  }

  /** {@code max(x, value)} element-wise. */
  public static NDArray maximum(NDArray x, double value) {
    return x.maximum(of(x, value));
  }
}
