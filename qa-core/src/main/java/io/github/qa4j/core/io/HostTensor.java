package io.github.qa4j.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A tensor in Java memory: element type, shape and little-endian bytes, as stored in a safetensors
 * file. Usable without a deep-learning engine.
 *
 * @param dataType element type
 * @param shape dimensions
 * @param data the raw little-endian bytes, {@code shape.size() * dataType.getNumOfBytes()} long
 */
public record HostTensor(DataType dataType, Shape shape, ByteBuffer data) {

  /** Checks that the byte count fits the shape. */
  public HostTensor {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(shape, "shape");
    long expected = shape.size() * dataType.getNumOfBytes();
    if (data.remaining() != expected) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + shape
              + " and type "
              + dataType
              + " needs "
              + expected
              + " bytes, got "
              + data.remaining());
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Copies an engine array to Java memory. */
  public static HostTensor of(NDArray array) {
    return new HostTensor(array.getDataType(), array.getShape(), array.toByteBuffer());
  }

  /** Wraps float32 values. */
  public static HostTensor ofFloats(float[] values, Shape shape) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    return new HostTensor(DataType.FLOAT32, shape, bb);
  }

  /** Wraps int64 values. */
  public static HostTensor ofLongs(long[] values, Shape shape) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bb.asLongBuffer().put(values);
    return new HostTensor(DataType.INT64, shape, bb);
  }

  /** The values as float32; only for FLOAT32 tensors. */
  public float[] toFloatArray() {
    if (dataType != DataType.FLOAT32) {
      throw new IllegalStateException("tensor is " + dataType + ", not float32");
    }
    float[] out = new float[Math.toIntExact(shape.size())];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** The values as int64, widening int32; only for integer tensors. */
  public long[] toLongArray() {
    long[] out = new long[Math.toIntExact(shape.size())];
    ByteBuffer bb = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (dataType) {
      case INT64 -> bb.asLongBuffer().get(out);
      case INT32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = bb.getInt();
        }
      }
      default -> throw new IllegalStateException("tensor is " + dataType + ", not an integer type");
    }
    return out;
  }

  /** Copies the tensor into {@code manager}. */
  public NDArray toNDArray(NDManager manager) {
    ByteBuffer direct = manager.allocateDirect(data.remaining());
    direct.put(data.duplicate());
    direct.rewind();
    return manager.create(direct, shape, dataType);
  }
}
