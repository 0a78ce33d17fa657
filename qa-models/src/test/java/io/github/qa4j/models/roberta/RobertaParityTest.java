package io.github.qa4j.models.roberta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.models.testing.EncoderParity;
import io.github.qa4j.models.testing.InitializerChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RobertaModel} under the span head against transformers' {@code
 * RobertaForQuestionAnswering} on {@code roberta-tiny} (pad id 1, padding in rows 1 and 2, no token
 * types), element by element.
 */
class RobertaParityTest {

  private static final Path DIR = EncoderParity.fixture("roberta-tiny");

  private static RobertaModel encoder() throws IOException {
    return new RobertaModel(RobertaConfig.from(EncoderParity.config(DIR), DIR));
  }

  @Test
  void hiddenStateAndLogitsMatchTransformers() throws IOException {
    RobertaModel encoder = encoder();
    EncoderParity.assertForward(
        DIR, "roberta", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void lossAndEveryGradientMatchTransformers() throws IOException {
    RobertaModel encoder = encoder();
    EncoderParity.assertLossAndGradients(
        DIR, "roberta", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void initializerZeroesThePaddingRowOfWordsAndPositions() throws IOException {
    RobertaModel encoder = encoder();
    Map<String, HostTensor> values =
        InitializerChecks.initialize(
            encoder.namedParameters(), RobertaModel.initializer(encoder.config()), 7);
    InitializerChecks.assertTransformersInit(
        values,
        0.02,
        Map.of("word_embeddings.weight", 1, "position_embeddings.weight", 1),
        Set.of());
  }

  @Test
  void windowsPastThePositionTableAreRejected() throws IOException {
    RobertaModel encoder = encoder();
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      // 64 positions, of which 0 and 1 (the padding id) hold no token: 62 tokens at most.
      NDArray ids = m.full(new Shape(1, 63), 5L);
      assertThatThrownBy(
              () ->
                  encoder.sequenceOutput(
                      new ParameterStore(m, false), ids, null, ids.onesLike(), false))
          .hasMessage("sequence length 63 exceeds max_position_embeddings - pad_token_id - 1 = 62");
    }
  }

  @Test
  void configTakesRobertaDefaultsAndNamesBadFields() {
    JsonObject json = new JsonObject();
    json.addProperty("vocab_size", 100);
    json.addProperty("hidden_size", 32);
    json.addProperty("num_hidden_layers", 1);
    json.addProperty("num_attention_heads", 4);
    json.addProperty("intermediate_size", 64);
    json.addProperty("max_position_embeddings", 34);
    RobertaConfig config = RobertaConfig.from(json, Path.of("c.json"));
    assertThat(config.encoder().padTokenId()).isEqualTo(1);
    json.addProperty("max_position_embeddings", 2);
    assertThatThrownBy(() -> RobertaConfig.from(json, Path.of("c.json")))
        .hasMessage(
            "c.json: field 'max_position_embeddings' must exceed pad_token_id + 1 (2), where"
                + " RoBERTa's positions start, got 2");
    json.addProperty("max_position_embeddings", 34);
    json.addProperty("hidden_act", "tanh");
    assertThatThrownBy(() -> RobertaConfig.from(json, Path.of("c.json")))
        .hasMessageStartingWith("c.json: field 'hidden_act' must be one of gelu,")
        .hasMessageEndingWith("got \"tanh\"");
  }
}
