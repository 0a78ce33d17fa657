package io.github.qa4j.models.precision;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.IValue;

/**
 * A value made by {@link LowPrecisionOps} that Java code never looks into: a bfloat16 tensor (DJL
 * 0.36 aborts the JVM on most operations over one) or quantized linear parameters packed for the
 * quantized engine. It can only be handed back to {@link LowPrecisionOps} and closed; it is closed
 * with the {@link NDManager} it was attached to.
 */
public final class OpaqueValue implements AutoCloseable {

  private final IValue value;
  private final NDManager owner;

  OpaqueValue(IValue value, NDManager owner) {
    this.value = value;
    this.owner = owner;
    owner.attachInternal(value.getUid(), value);
  }

  IValue value() {
    return value;
  }

  /** Frees the native value now rather than with its manager. */
  @Override
  public void close() {
    if (!owner.isOpen()) {
      return; // the manager closed it already
    }
    owner.detachInternal(value.getUid());
    value.close();
  }
}
