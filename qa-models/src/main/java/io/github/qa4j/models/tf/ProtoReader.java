package io.github.qa4j.models.tf;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol buffer wire format by hand: a field is a varint key ({@code number << 3 | wire
 * type}) then a varint, a fixed 64-bit, a length-delimited or a fixed 32-bit value. Enough for the
 * few TensorFlow messages a tensor bundle holds, without a protobuf dependency.
 */
final class ProtoReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] data;
  private final int end;
  private int pos;
  private int lastKey;

  ProtoReader(byte[] data) {
    this(data, 0, data.length);
  }

  ProtoReader(byte[] data, int offset, int length) {
    checkArgument(
        offset >= 0 && length >= 0 && offset + length <= data.length,
        "bad range %s+%s",
        offset,
        length);
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Whether another field follows. */
  boolean hasMore() {
    return pos < end;
  }

  /** Reads the next field's key; use {@link #fieldNumber()} and {@link #wireType()} on it. */
  int readKey() throws IOException {
    long key = readVarint();
    if (key <= 0 || key > Integer.MAX_VALUE) {
      throw new IOException("bad field key " + key + " at byte " + pos);
    }
    lastKey = (int) key;
    return lastKey;
  }

  int fieldNumber() {
    return lastKey >>> 3;
  }

  int wireType() {
    return lastKey & 7;
  }

  /** An unsigned LEB128 varint of up to 64 bits. */
  long readVarint() throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IOException("truncated varint at byte " + pos);
      }
      byte b = data[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new IOException("varint longer than 10 bytes at byte " + pos);
  }

  /** A little-endian fixed 32-bit value. */
  int readFixed32() throws IOException {
    require(4);
    int v =
        (data[pos] & 0xff)
            | (data[pos + 1] & 0xff) << 8
            | (data[pos + 2] & 0xff) << 16
            | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** A little-endian fixed 64-bit value. */
  long readFixed64() throws IOException {
    long low = readFixed32() & 0xffffffffL;
    long high = readFixed32() & 0xffffffffL;
    return low | high << 32;
  }

  /** The payload of a length-delimited field, as a reader of its own. */
  ProtoReader readMessage() throws IOException {
    int length = readLength();
    ProtoReader sub = new ProtoReader(data, pos, length);
    pos += length;
    return sub;
  }

  /** A length-delimited field as UTF-8 text. */
  String readString() throws IOException {
    int length = readLength();
    String s = new String(data, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  /** Copies the next {@code length} raw bytes into {@code dst} at {@code offset}. */
  void readBytes(byte[] dst, int offset, int length) throws IOException {
    require(length);
    System.arraycopy(data, pos, dst, offset, length);
    pos += length;
  }

  /** Skips the value of the field whose key was read last. */
  void skipField() throws IOException {
    switch (wireType()) {
      case VARINT -> readVarint();
      case FIXED64 -> skip(8);
      case LENGTH_DELIMITED -> skip(readLength());
      case FIXED32 -> skip(4);
      default ->
          throw new IOException(
              "unsupported wire type " + wireType() + " for field " + fieldNumber());
    }
  }

  /** Checks that the field read last has the wire type a schema gives it. */
  void expectWireType(int type) throws IOException {
    if (wireType() != type) {
      throw new IOException(
          "field " + fieldNumber() + " has wire type " + wireType() + ", expected " + type);
    }
  }

  private int readLength() throws IOException {
    long length = readVarint();
    if (length > end - pos) {
      throw new IOException("length " + length + " at byte " + pos + " runs past the message");
    }
    return (int) length;
  }

  private void skip(int n) throws IOException {
    require(n);
    pos += n;
  }

  private void require(int n) throws IOException {
    if (end - pos < n) {
      throw new IOException("truncated field at byte " + pos + " (" + n + " bytes needed)");
    }
  }
}
