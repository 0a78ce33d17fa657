package io.github.qa4j.models.tf;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a tensor lies in a bundle's data shards: TensorFlow's {@code BundleEntryProto}.
 *
 * @param name the variable name, such as {@code bert/embeddings/word_embeddings}
 * @param dtype TensorFlow's {@code DataType} enum value ({@code DT_FLOAT} is 1)
 * @param shape the dimensions
 * @param shardId which {@code .data-NNNNN-of-MMMMM} file
 * @param offset the first byte in that file
 * @param size the byte count
 * @param crc32c the masked CRC-32C of those bytes
 * @param sliced whether the tensor is stored as slices of a partitioned variable
 */
record BundleEntry(
    String name,
    int dtype,
    Shape shape,
    int shardId,
    long offset,
    long size,
    int crc32c,
    boolean sliced) {

  /**
   * Parses a {@code BundleEntryProto}: dtype (1, enum), shape (2, {@code TensorShapeProto} whose
   * field 2 repeats {@code Dim} with size in field 1), shard_id (3), offset (4), size (5), crc32c
   * (6, fixed32), slices (7).
   */
  static BundleEntry parse(String name, byte[] proto) throws IOException {
    ProtoReader r = new ProtoReader(proto);
    int dtype = 0;
    List<Long> dims = new ArrayList<>();
    int shard = 0;
    long offset = 0;
    long size = 0;
    int crc = 0;
    boolean sliced = false;
    while (r.hasMore()) {
      r.readKey();
      switch (r.fieldNumber()) {
        case 1 -> {
          r.expectWireType(ProtoReader.VARINT);
          dtype = (int) r.readVarint();
        }
        case 2 -> {
          r.expectWireType(ProtoReader.LENGTH_DELIMITED);
          readShape(r.readMessage(), dims);
        }
        case 3 -> {
          r.expectWireType(ProtoReader.VARINT);
          shard = (int) r.readVarint();
        }
        case 4 -> {
          r.expectWireType(ProtoReader.VARINT);
          offset = r.readVarint();
        }
        case 5 -> {
          r.expectWireType(ProtoReader.VARINT);
          size = r.readVarint();
        }
        case 6 -> {
          r.expectWireType(ProtoReader.FIXED32);
          crc = r.readFixed32();
        }
        case 7 -> {
          sliced = true;
          r.skipField();
        }
        default -> r.skipField();
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    return new BundleEntry(name, dtype, new Shape(shape), shard, offset, size, crc, sliced);
  }

  private static void readShape(ProtoReader shape, List<Long> dims) throws IOException {
    while (shape.hasMore()) {
      shape.readKey();
      if (shape.fieldNumber() == 2 && shape.wireType() == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader dim = shape.readMessage();
        long size = 0;
        while (dim.hasMore()) {
          dim.readKey();
          if (dim.fieldNumber() == 1 && dim.wireType() == ProtoReader.VARINT) {
            size = dim.readVarint();
          } else {
            dim.skipField();
          }
        }
        dims.add(size);
      } else if (shape.fieldNumber() == 3 && shape.wireType() == ProtoReader.VARINT) {
        if (shape.readVarint() != 0) {
          throw new IOException("shape of unknown rank");
        }
      } else {
        shape.skipField();
      }
    }
  }

  /** The DJL type of TensorFlow's {@code DataType}, for the numeric types a checkpoint holds. */
  DataType dataType() throws IOException {
    return switch (dtype) {
      case 1 -> DataType.FLOAT32;
      case 2 -> DataType.FLOAT64;
      case 3 -> DataType.INT32;
      case 4 -> DataType.UINT8;
      case 5 -> DataType.INT16;
      case 6 -> DataType.INT8;
      case 9 -> DataType.INT64;
      case 10 -> DataType.BOOLEAN;
      case 14 -> DataType.BFLOAT16;
      case 19 -> DataType.FLOAT16;
      default ->
          throw new IOException(
              "variable '" + name + "': TensorFlow dtype " + dtype + " is not supported");
    };
  }
}
