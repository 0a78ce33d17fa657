package io.github.qa4j.models.deberta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading DeBERTa-v2 configs: defaults, legacy spellings, and errors that name field and value. */
class DebertaV2ConfigTest {

  private static final Path SOURCE = Path.of("models/x/config.json");

  private static JsonObject base() {
    return JsonParser.parseString(
            "{\"model_type\":\"deberta-v2\",\"vocab_size\":100,\"hidden_size\":16,"
                + "\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":32,"
                + "\"max_position_embeddings\":64}")
        .getAsJsonObject();
  }

  private static DebertaV2Config read(JsonObject json) {
    return DebertaV2Config.from(json, SOURCE);
  }

  @Test
  void defaultsAreTransformers() {
    DebertaV2Config c = read(base());

    assertThat(c.typeVocabSize()).isZero();
    assertThat(c.feedsTokenTypes()).isFalse();
    assertThat(c.layerNormEps()).isEqualTo(1e-7f);
    assertThat(c.embeddingSize()).isEqualTo(16);
    assertThat(c.positionBiasedInput()).isTrue();
    assertThat(c.relativeAttention()).isFalse();
    assertThat(c.maxRelativePositions()).isEqualTo(64);
    assertThat(c.positionBuckets()).isZero();
    assertThat(c.scaleFactor()).isEqualTo(1);
    assertThat(c.padTokenId()).isZero();
    assertThat(c.convKernelSize()).isZero();
  }

  @Test
  void theFixturesReadAsTheyWereMade() throws IOException {
    DebertaV2Config v3 = DebertaQaFixture.config(DebertaQaFixture.dir("deberta-v3-tiny"));
    assertThat(v3.relativeAttention()).isTrue();
    assertThat(v3.contentToPosition()).isTrue();
    assertThat(v3.positionToContent()).isTrue();
    assertThat(v3.scaleFactor()).isEqualTo(3);
    assertThat(v3.positionBuckets()).isEqualTo(16);
    assertThat(v3.attentionSpan()).isEqualTo(16);
    assertThat(v3.shareAttKey()).isTrue();
    assertThat(v3.normRelEmbeddings()).isTrue();
    assertThat(v3.positionBiasedInput()).isFalse();
    assertThat(v3.feedsTokenTypes()).isFalse();

    DebertaV2Config v2 = DebertaQaFixture.config(DebertaQaFixture.dir("deberta-v2-tiny"));
    assertThat(v2.attentionSpan()).isEqualTo(8);
    assertThat(v2.embeddingSize()).isEqualTo(24);
    assertThat(v2.feedsTokenTypes()).isTrue();
    assertThat(v2.convKernelSize()).isEqualTo(3);
    assertThat(v2.convTanh()).isFalse();
  }

  @Test
  void posAttTypeMayBeALegacyPipedString() {
    JsonObject json = base();
    json.addProperty("pos_att_type", "P2C | c2p");

    DebertaV2Config c = read(json);

    assertThat(c.contentToPosition()).isTrue();
    assertThat(c.positionToContent()).isTrue();
  }

  @Test
  void aNullPadTokenMeansNoPaddingRow() {
    JsonObject json = base();
    json.add("pad_token_id", com.google.gson.JsonNull.INSTANCE);

    assertThat(read(json).padTokenId()).isEqualTo(-1);
  }

  @Test
  void unsupportedOrInvalidSettingsAreNamed() {
    assertError("pos_att_type", "[\"p2p\"]", "p2p");
    assertError("norm_rel_ebd", "\"batch_norm\"", "batch_norm");
    assertError("hidden_act", "\"relu\"", "relu");
    assertError("conv_kernel_size", "4", "4");
    assertError("type_vocab_size", "-1", "-1");
    assertError("attention_head_size", "4", "4");
    assertError("position_biased_input", "\"yes\"", "yes");
    assertError("pad_token_id", "100", "100");
  }

  @Test
  void theConvolutionsActivationIsCheckedWhenThereIsAConvolution() {
    JsonObject json = base();
    json.addProperty("conv_act", "relu");
    assertThat(read(json).convKernelSize())
        .isZero(); // unused without a convolution, as in transformers

    json.addProperty("conv_kernel_size", 3);
    assertError(json, "conv_act", "relu");
  }

  private static void assertError(String field, String value, String shown) {
    JsonObject json = base();
    json.add(field, JsonParser.parseString(value));
    assertError(json, field, shown);
  }

  private static void assertError(JsonObject json, String field, String shown) {
    assertThatThrownBy(() -> read(json))
        .as(field)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SOURCE.toString())
        .hasMessageContaining("'" + field + "'")
        .hasMessageContaining(shown);
  }
}
