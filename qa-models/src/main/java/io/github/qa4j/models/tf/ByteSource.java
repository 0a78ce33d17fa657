package io.github.qa4j.models.tf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access bytes: a file, or an entry read from a zip into memory. */
interface ByteSource {

  /** The byte count. */
  long size();

  /** Fills {@code dst} from {@code position}; fails when the source ends first. */
  void read(long position, ByteBuffer dst) throws IOException;

  /** All bytes; only for sources below 2 GiB. */
  default byte[] readAll() throws IOException {
    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size()));
    read(0, all);
    return all.array();
  }

  /** A view of an open file; the caller closes the channel. */
  static ByteSource of(FileChannel channel) throws IOException {
    long size = channel.size();
    return new ByteSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
          int n = channel.read(dst, pos);
          if (n < 0) {
            throw new IOException("unexpected end of file at byte " + pos);
          }
          pos += n;
        }
      }
    };
  }

  /** A view of bytes in memory. */
  static ByteSource of(byte[] bytes) {
    return new ByteSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        if (position < 0 || position + dst.remaining() > bytes.length) {
          throw new IOException(
              "bytes " + position + "+" + dst.remaining() + " past the end (" + bytes.length + ")");
        }
        dst.put(bytes, (int) position, dst.remaining());
      }

      @Override
      public byte[] readAll() {
        return bytes;
      }
    };
  }
}
