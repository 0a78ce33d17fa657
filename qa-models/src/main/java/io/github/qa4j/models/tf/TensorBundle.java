package io.github.qa4j.models.tf;

import ai.djl.ndarray.types.DataType;
import com.google.common.collect.ImmutableMap;
import io.github.qa4j.core.io.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A TensorFlow tensor bundle: the {@code PREFIX.index} SSTable (key {@code ""} holds the {@code
 * BundleHeaderProto}, every other key is a variable name whose value is a {@code BundleEntryProto})
 * and the data shards {@code PREFIX.data-NNNNN-of-MMMMM} of raw little-endian tensor bytes.
 */
final class TensorBundle {

  private final BundleFiles files;
  private final String prefix;
  private final Map<String, BundleEntry> entries;
  private final List<ByteSource> shards;

  private TensorBundle(
      BundleFiles files, String prefix, Map<String, BundleEntry> entries, List<ByteSource> shards) {
    this.files = files;
    this.prefix = prefix;
    this.entries = entries;
    this.shards = shards;
  }

  /**
   * Opens the bundle {@code prefix} (without {@code .index}) among {@code files}.
   *
   * @throws IOException when the index is malformed or a shard is missing; the message names the
   *     file and the entry
   */
  static TensorBundle open(BundleFiles files, String prefix) throws IOException {
    String indexPath = prefix + ".index";
    String indexName = files.describe(indexPath);
    ByteSource index =
        files.open(indexPath).orElseThrow(() -> new IOException(indexName + ": not found"));
    List<SsTable.Entry> table;
    try {
      table = SsTable.read(index.readAll());
    } catch (IOException e) {
      throw new IOException(indexName + ": " + e.getMessage(), e);
    }
    int numShards = 1;
    Map<String, BundleEntry> entries = new LinkedHashMap<>();
    for (SsTable.Entry e : table) {
      String name = new String(e.key(), StandardCharsets.UTF_8);
      try {
        if (name.isEmpty()) {
          numShards = readHeader(e.value());
        } else {
          entries.put(name, BundleEntry.parse(name, e.value()));
        }
      } catch (IOException ex) {
        throw new IOException(
            indexName
                + ": entry '"
                + (name.isEmpty() ? "<header>" : name)
                + "': "
                + ex.getMessage(),
            ex);
      }
    }
    List<ByteSource> shards = new ArrayList<>();
    for (int i = 0; i < numShards; i++) {
      String shard = String.format(Locale.ROOT, "%s.data-%05d-of-%05d", prefix, i, numShards);
      shards.add(
          files
              .open(shard)
              .orElseThrow(
                  () -> new IOException(files.describe(shard) + ": data shard not found")));
    }
    return new TensorBundle(files, prefix, ImmutableMap.copyOf(entries), shards);
  }

  /** {@code BundleHeaderProto}: num_shards (1), endianness (2, 0 = little). */
  private static int readHeader(byte[] proto) throws IOException {
    ProtoReader r = new ProtoReader(proto);
    int numShards = 1;
    while (r.hasMore()) {
      r.readKey();
      switch (r.fieldNumber()) {
        case 1 -> {
          r.expectWireType(ProtoReader.VARINT);
          numShards = (int) r.readVarint();
        }
        case 2 -> {
          r.expectWireType(ProtoReader.VARINT);
          if (r.readVarint() != 0) {
            throw new IOException("big-endian bundles are not supported");
          }
        }
        default -> r.skipField();
      }
    }
    if (numShards < 1) {
      throw new IOException("bad shard count " + numShards);
    }
    return numShards;
  }

  /** The variables in index order (sorted by name). */
  Map<String, BundleEntry> entries() {
    return entries;
  }

  /** One variable, checked against its stored CRC-32C. */
  HostTensor read(String name) throws IOException {
    BundleEntry e = entries.get(name);
    if (e == null) {
      throw new IOException(files.describe(prefix + ".index") + ": no variable '" + name + "'");
    }
    String where = files.describe(prefix + ".index") + ": variable '" + name + "'";
    if (e.sliced()) {
      throw new IOException(where + ": partitioned (sliced) variables are not supported");
    }
    DataType type;
    try {
      type = e.dataType();
    } catch (IOException ex) {
      throw new IOException(where + ": " + ex.getMessage(), ex);
    }
    long expected = e.shape().size() * type.getNumOfBytes();
    if (e.size() != expected) {
      throw new IOException(
          where
              + ": "
              + e.size()
              + " bytes stored for shape "
              + e.shape()
              + " of "
              + type
              + " ("
              + expected
              + " expected)");
    }
    if (e.shardId() < 0 || e.shardId() >= shards.size()) {
      throw new IOException(where + ": shard " + e.shardId() + " of " + shards.size());
    }
    ByteSource shard = shards.get(e.shardId());
    if (e.offset() < 0 || e.offset() + e.size() > shard.size()) {
      throw new IOException(
          where
              + ": bytes "
              + e.offset()
              + "+"
              + e.size()
              + " outside its shard of "
              + shard.size()
              + " bytes");
    }
    ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(e.size()));
    shard.read(e.offset(), data);
    data.flip();
    int crc = Crc32c.mask(Crc32c.of(data));
    if (crc != e.crc32c()) {
      throw new IOException(
          where
              + ": checksum mismatch (stored "
              + Integer.toHexString(e.crc32c())
              + ", computed "
              + Integer.toHexString(crc)
              + ")");
    }
    return new HostTensor(type, e.shape(), data);
  }
}
