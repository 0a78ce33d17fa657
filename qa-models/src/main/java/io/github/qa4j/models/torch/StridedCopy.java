package io.github.qa4j.models.torch;

import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.io.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Turns a strided view into a storage into a row-major {@link HostTensor}. */
final class StridedCopy {

  private StridedCopy() {}

  /**
   * The view's elements in row-major order: the storage's bytes themselves when the view is
   * row-major already, a copy otherwise (a transposed tensor, an expanded one with stride 0).
   *
   * @param view offset, shape and strides, in elements
   * @param storage the storage's little-endian bytes
   * @param what the tensor, for messages
   * @throws IOException when the view reaches outside the storage
   */
  static HostTensor contiguous(TensorView view, ByteBuffer storage, String what)
      throws IOException {
    long[] shape = view.shape();
    long[] stride = view.stride();
    int width = view.storage().dataType().getNumOfBytes();
    long elements = 1;
    long last = view.offset();
    try {
      for (int d = 0; d < shape.length; d++) {
        elements = Math.multiplyExact(elements, shape[d]);
        if (shape[d] > 0) {
          last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
        }
      }
    } catch (ArithmeticException e) {
      throw new IOException(what + ": size " + new Shape(shape) + " overflows 64 bits", e);
    }
    Shape hostShape = new Shape(shape);
    if (elements == 0) {
      return new HostTensor(view.storage().dataType(), hostShape, ByteBuffer.allocate(0));
    }
    if (view.offset() < 0 || last >= view.storage().elements()) {
      throw new IOException(
          what
              + ": offset "
              + view.offset()
              + ", size "
              + hostShape
              + " and strides reach element "
              + last
              + " of a storage of "
              + view.storage().elements());
    }
    if (isRowMajor(shape, stride)) {
      ByteBuffer slice =
          storage
              .duplicate()
              .position(Math.toIntExact(view.offset() * width))
              .limit(Math.toIntExact((view.offset() + elements) * width));
      return new HostTensor(view.storage().dataType(), hostShape, slice);
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(elements * width));
    byte[] src = storage.array();
    long[] index = new long[shape.length];
    long at = view.offset();
    for (long i = 0; i < elements; i++) {
      out.put(src, Math.toIntExact(at * width), width);
      // Advance the multi-index like an odometer, keeping the storage position in step.
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          at += stride[d];
          break;
        }
        at -= (shape[d] - 1) * stride[d];
        index[d] = 0;
      }
    }
    return new HostTensor(view.storage().dataType(), hostShape, out.flip());
  }

  /** Whether the strides are those of a row-major array; dimensions of size 1 may have any. */
  private static boolean isRowMajor(long[] shape, long[] stride) {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }
}
