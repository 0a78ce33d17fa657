package io.github.qa4j.models.tf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a LevelDB-format sorted string table, the format of TensorFlow's {@code variables.index}.
 *
 * <p>Layout: data blocks, a meta-index block, an index block, then a 48-byte footer (two block
 * handles, zero padding, the magic number). Each block is followed by a compression byte and the
 * masked CRC-32C of block and compression byte. A block holds entries whose keys share a prefix
 * with the key before ({@code varint shared, varint unshared, varint value length, key suffix,
 * value}), then an array of restart offsets and their count. The index block maps the last key of
 * each data block to that block's handle.
 */
final class SsTable {

  /** One key and its value. */
  record Entry(byte[] key, byte[] value) {}

  private static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER_LENGTH = 48;
  private static final int TRAILER_LENGTH = 5;

  private SsTable() {}

  /**
   * Every entry of the table in key order.
   *
   * @throws IOException when the table is malformed or a block fails its checksum; the message says
   *     where
   */
  static List<Entry> read(byte[] table) throws IOException {
    if (table.length < FOOTER_LENGTH) {
      throw new IOException("too short for an SSTable (" + table.length + " bytes)");
    }
    ProtoReader footer = new ProtoReader(table, table.length - FOOTER_LENGTH, FOOTER_LENGTH);
    readHandle(footer, table.length); // the meta-index block: TensorFlow stores nothing there
    long[] index = readHandle(footer, table.length);
    ProtoReader magic = new ProtoReader(table, table.length - 8, 8);
    long found = magic.readFixed64();
    if (found != MAGIC) {
      throw new IOException(
          "not an SSTable (magic number "
              + Long.toHexString(found)
              + ", expected "
              + Long.toHexString(MAGIC)
              + ")");
    }
    List<Entry> entries = new ArrayList<>();
    for (Entry handle : block(table, index, "index block")) {
      ProtoReader r = new ProtoReader(handle.value());
      long[] dataHandle = readHandle(r, table.length);
      entries.addAll(block(table, dataHandle, "data block at byte " + dataHandle[0]));
    }
    return entries;
  }

  private static long[] readHandle(ProtoReader r, long fileLength) throws IOException {
    long offset = r.readVarint();
    long size = r.readVarint();
    if (offset < 0 || size < 0 || offset + size + TRAILER_LENGTH > fileLength) {
      throw new IOException("block handle (" + offset + ", " + size + ") outside the table");
    }
    return new long[] {offset, size};
  }

  private static List<Entry> block(byte[] table, long[] handle, String what) throws IOException {
    int offset = (int) handle[0];
    int size = (int) handle[1];
    int type = table[offset + size] & 0xff;
    if (type != 0) {
      throw new IOException(what + ": compression type " + type + " is not supported (only none)");
    }
    int stored = new ProtoReader(table, offset + size + 1, 4).readFixed32();
    int actual = Crc32c.mask(Crc32c.of(table, offset, size + 1));
    if (stored != actual) {
      throw new IOException(
          what
              + ": checksum mismatch (stored "
              + Integer.toHexString(stored)
              + ", computed "
              + Integer.toHexString(actual)
              + ")");
    }
    if (size < 4) {
      throw new IOException(what + ": too short (" + size + " bytes)");
    }
    int restarts = new ProtoReader(table, offset + size - 4, 4).readFixed32();
    long entriesEnd = offset + size - 4 - 4L * restarts;
    if (restarts < 0 || entriesEnd < offset) {
      throw new IOException(what + ": bad restart count " + restarts);
    }
    ProtoReader r = new ProtoReader(table, offset, (int) (entriesEnd - offset));
    List<Entry> entries = new ArrayList<>();
    byte[] previous = new byte[0];
    while (r.hasMore()) {
      long shared = r.readVarint();
      long unshared = r.readVarint();
      long valueLength = r.readVarint();
      if (shared > previous.length) {
        throw new IOException(
            what
                + ": entry "
                + entries.size()
                + " shares "
                + shared
                + " bytes of a "
                + previous.length
                + "-byte key");
      }
      byte[] key = Arrays.copyOf(previous, Math.toIntExact(shared + unshared));
      r.readBytes(key, (int) shared, Math.toIntExact(unshared));
      byte[] value = new byte[Math.toIntExact(valueLength)];
      r.readBytes(value, 0, value.length);
      entries.add(new Entry(key, value));
      previous = key;
    }
    return entries;
  }
}
