package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfBertConverterTest {

  private static final String INNER = "com/example/bert/tiny-bert";

  @TempDir Path tmp;

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void convertsASavedModelDirectoryToHuggingFaceNamesAndLayout() throws IOException {
    Path saved = tmp.resolve("saved");
    Map<String, TestBundles.Variable> tf = TestBundles.writeTinyBert(saved, 1);
    Path out = tmp.resolve("out");

    TfBertConverter.Result result = new TfBertConverter().convert(saved, out, Optional.empty());

    Map<String, HostTensor> hf = Safetensors.read(out.resolve("model.safetensors"));
    assertThat(hf).hasSize(tf.size()).hasSize(44);
    assertThat(result.tensors()).isEqualTo(44);
    assertThat(result.architecture()).isEqualTo("BertForMaskedLM");
    for (Map.Entry<String, TestBundles.Variable> e : tf.entrySet()) {
      TfBertNames.Target target = TfBertNames.map(e.getKey()).orElseThrow();
      HostTensor t = hf.get(target.name());
      assertThat(t).as(target.name()).isNotNull();
      float[] expected = e.getValue().values();
      float[] actual = t.toFloatArray();
      long[] shape = e.getValue().shape();
      if (target.transpose()) {
        assertThat(t.shape().getShape()).containsExactly(shape[1], shape[0]);
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            assertThat(actual[c * rows + r]).isEqualTo(expected[r * cols + c]);
          }
        }
      } else {
        assertThat(t.shape().getShape()).containsExactly(shape);
        assertThat(actual).containsExactly(expected);
      }
    }
    assertThat(hf)
        .containsKeys(
            "bert.encoder.layer.1.attention.self.query.weight",
            "cls.predictions.bias",
            "cls.predictions.transform.LayerNorm.weight");
    assertThat(hf).doesNotContainKey("cls.predictions.decoder.weight");

    JsonObject config = json(out.resolve("config.json"));
    assertThat(config.get("model_type").getAsString()).isEqualTo("bert");
    assertThat(config.getAsJsonArray("architectures").get(0).getAsString())
        .isEqualTo("BertForMaskedLM");
    assertThat(config.get("hidden_size").getAsInt()).isEqualTo(64);
    assertThat(config.get("num_attention_heads").getAsInt()).isEqualTo(1);
    assertThat(config.get("num_hidden_layers").getAsInt()).isEqualTo(2);
    assertThat(config.get("intermediate_size").getAsInt()).isEqualTo(128);
    assertThat(config.get("max_position_embeddings").getAsInt()).isEqualTo(16);
    assertThat(config.get("type_vocab_size").getAsInt()).isEqualTo(2);
    assertThat(config.get("vocab_size").getAsInt()).isEqualTo(TestBundles.TINY_VOCAB.size());
    assertThat(config.get("hidden_act").getAsString()).isEqualTo("gelu");
    assertThat(config.get("layer_norm_eps").getAsDouble()).isEqualTo(1e-12);
    assertThat(out.resolve("vocab.txt")).hasSameBinaryContentAs(saved.resolve("assets/vocab.txt"));
    assertThat(json(out.resolve("tokenizer_config.json")).get("do_lower_case").getAsBoolean())
        .isTrue();
  }

  @Test
  void theGeneratedTokenizerLowercasesAndSplitsWordPieces() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 2);
    Path out = tmp.resolve("out");
    new TfBertConverter().convert(saved, out, Optional.empty());

    try (HuggingFaceTokenizer tok =
        HuggingFaceTokenizer.newInstance(out.resolve("tokenizer.json"))) {
      Encoding e = tok.encode("The capital of FRANCE is unaffable.", "Lyon?");
      assertThat(e.getTokens())
          .containsExactly(
              "[CLS]", "the", "capital", "of", "france", "is", "un", "##aff", "##able", ".",
              "[SEP]", "lyon", "[UNK]", "[SEP]");
      assertThat(e.getTypeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    }
  }

  @Test
  void aNestedJarConvertsToTheSameFilesAsTheDirectory() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 3);
    Path jar = tmp.resolve("tiny-bert-1.0.jar");
    TestBundles.writeNestedJar(saved, jar, INNER);
    TfBertConverter converter = new TfBertConverter();

    converter.convert(saved, tmp.resolve("fromDir"), Optional.empty());
    assertThat(converter.accepts(jar)).isTrue();
    assertThat(converter.accepts(saved)).isTrue();
    assertThat(converter.accepts(tmp.resolve("fromDir"))).isFalse();
    assertThat(converter.accepts(tmp.resolve("fromDir/config.json"))).isFalse();
    converter.convert(jar, Files.createDirectories(tmp.resolve("fromJar")));

    for (String f :
        new String[] {"model.safetensors", "config.json", "vocab.txt", "tokenizer.json"}) {
      assertThat(tmp.resolve("fromJar").resolve(f))
          .as(f)
          .hasSameBinaryContentAs(tmp.resolve("fromDir").resolve(f));
    }
  }

  @Test
  void theResolverFindsTheConverterThroughServiceLoader() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 4);
    Path jar = tmp.resolve("m2/com/example/tiny-bert/1.0/tiny-bert-1.0.jar");
    Files.createDirectories(jar.getParent());
    TestBundles.writeNestedJar(saved, jar, INNER);

    Path dir =
        ModelResolver.builder()
            .offline(true)
            .mavenLocalRepository(tmp.resolve("m2"))
            .conversionCache(tmp.resolve("converted"))
            .cacheDir(tmp.resolve("hf"))
            .build()
            .resolve("maven:com.example:tiny-bert:1.0");

    assertThat(dir).isEqualTo(tmp.resolve("converted/com.example/tiny-bert/1.0"));
    assertThat(Safetensors.read(dir.resolve("model.safetensors"))).hasSize(44);
  }

  @Test
  void googlesBertConfigIsUsedAndCheckedAgainstTheShapes() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 5);
    Files.writeString(
        saved.resolve("assets/bert_config.json"),
        "{\"hidden_size\": 64, \"num_attention_heads\": 4, \"hidden_act\": \"gelu\"}");
    new TfBertConverter().convert(saved, tmp.resolve("out"), Optional.of(false));
    assertThat(json(tmp.resolve("out/config.json")).get("num_attention_heads").getAsInt())
        .isEqualTo(4);
    JsonObject tokenizer = json(tmp.resolve("out/tokenizer.json"));
    assertThat(tokenizer.getAsJsonObject("normalizer").get("lowercase").getAsBoolean()).isFalse();

    Files.writeString(saved.resolve("assets/bert_config.json"), "{\"vocab_size\": 30522}");
    assertThatThrownBy(
            () -> new TfBertConverter().convert(saved, tmp.resolve("out2"), Optional.empty()))
        .hasMessageContaining("bert_config.json")
        .hasMessageContaining("'vocab_size'")
        .hasMessageContaining("30522");
  }

  @Test
  void anUnknownVariableIsNamedAndNothingIsWritten() throws IOException {
    Path saved = tmp.resolve("saved");
    Map<String, TestBundles.Variable> v = TestBundles.writeTinyBert(saved, 6);
    v.put(
        "module/bert/encoder/layer_0/attention/self/rotary/kernel",
        new TestBundles.Variable(new long[] {2}, new float[] {1, 2}));
    TestBundles.write(saved.resolve("variables/variables"), v);
    Path out = tmp.resolve("out");

    assertThatThrownBy(() -> new TfBertConverter().convert(saved, out, Optional.empty()))
        .hasMessageContaining("variables.index")
        .hasMessageContaining("module/bert/encoder/layer_0/attention/self/rotary/kernel");
    assertThat(out).doesNotExist();
  }

  @Test
  void aCorruptTensorIsNamedAndNothingIsWritten() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 7);
    Path data = saved.resolve("variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length - 1] ^= 0x40;
    Files.write(data, bytes);
    Path out = tmp.resolve("out");

    assertThatThrownBy(() -> new TfBertConverter().convert(saved, out, Optional.empty()))
        .hasMessageContaining("variables.index")
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("'module/");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingVocabularyAndNonCheckpointsAreNamed() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 8);
    Files.delete(saved.resolve("assets/vocab.txt"));
    assertThatThrownBy(
            () -> new TfBertConverter().convert(saved, tmp.resolve("out"), Optional.empty()))
        .hasMessageContaining("no vocab.txt");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(
            () -> new TfBertConverter().convert(empty, tmp.resolve("out"), Optional.empty()))
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("no TensorFlow checkpoint");
    assertThatThrownBy(
            () ->
                new TfBertConverter()
                    .convert(tmp.resolve("nope.ckpt"), tmp.resolve("out"), Optional.empty()))
        .hasMessageContaining("nope.ckpt")
        .hasMessageContaining("does not exist");
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(
            () -> new TfBertConverter().convert(text, tmp.resolve("out"), Optional.empty()))
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("not a TensorFlow checkpoint");
  }

  @Test
  void aCheckpointPrefixAndItsIndexFileWorkLikeGooglesReleases() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 9);
    Path google = Files.createDirectories(tmp.resolve("uncased_L-2_H-64_A-1"));
    for (String suffix : new String[] {".index", ".data-00000-of-00001"}) {
      Files.copy(
          saved.resolve("variables/variables" + suffix),
          google.resolve("bert_model.ckpt" + suffix));
    }
    Files.copy(saved.resolve("assets/vocab.txt"), google.resolve("vocab.txt"));

    new TfBertConverter()
        .convert(google.resolve("bert_model.ckpt"), tmp.resolve("a"), Optional.empty());
    new TfBertConverter()
        .convert(google.resolve("bert_model.ckpt.index"), tmp.resolve("b"), Optional.empty());
    new TfBertConverter().convert(google, tmp.resolve("c"), Optional.empty());

    assertThat(tmp.resolve("a/model.safetensors"))
        .hasSameBinaryContentAs(tmp.resolve("b/model.safetensors"));
    assertThat(tmp.resolve("a/model.safetensors"))
        .hasSameBinaryContentAs(tmp.resolve("c/model.safetensors"));
    assertThat(
            json(tmp.resolve("a/tokenizer.json"))
                .getAsJsonObject("normalizer")
                .get("lowercase")
                .getAsBoolean())
        .as("no model.json: an all-lowercase vocabulary means uncased")
        .isTrue();
  }
}
