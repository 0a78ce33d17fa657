package io.github.qa4j.models.albert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.models.common.HiddenActivation;
import io.github.qa4j.models.testing.EncoderParity;
import io.github.qa4j.models.testing.InitializerChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AlbertModel} under the span head against transformers' {@code AlbertForQuestionAnswering}
 * on {@code albert-tiny} (embedding_size 16, hidden 32, 3 layers over 2 groups of 2 inner layers,
 * gelu_new, token types fed), element by element.
 */
class AlbertParityTest {

  private static final Path DIR = EncoderParity.fixture("albert-tiny");

  private static AlbertModel encoder() throws IOException {
    return new AlbertModel(AlbertConfig.from(EncoderParity.config(DIR), DIR));
  }

  @Test
  void hiddenStateAndLogitsMatchTransformers() throws IOException {
    AlbertModel encoder = encoder();
    EncoderParity.assertForward(
        DIR, "albert", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void lossAndEveryGradientOfTheSharedLayersMatchTransformers() throws IOException {
    AlbertModel encoder = encoder();
    EncoderParity.assertLossAndGradients(
        DIR, "albert", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void layersMapToGroupsAsTransformersDoes() throws IOException {
    AlbertConfig config = encoder().config();
    assertThat(config.groupOf(0)).isZero();
    assertThat(config.groupOf(1)).isZero();
    assertThat(config.groupOf(2)).isEqualTo(1);
    assertThat(config.encoder().hiddenAct()).isEqualTo(HiddenActivation.GELU_TANH);
  }

  @Test
  void initializerIsTransformers() throws IOException {
    AlbertModel encoder = encoder();
    Map<String, HostTensor> values =
        InitializerChecks.initialize(
            encoder.namedParameters(), AlbertModel.initializer(encoder.config()), 7);
    InitializerChecks.assertTransformersInit(
        values, 0.02, Map.of("word_embeddings.weight", 0), Set.of());
  }

  @Test
  void configTakesAlbertDefaultsAndNamesBadFields() throws IOException {
    JsonObject json = EncoderParity.config(DIR);
    json.remove("hidden_act");
    json.remove("hidden_dropout_prob");
    json.remove("num_hidden_groups");
    AlbertConfig config = AlbertConfig.from(json, DIR);
    assertThat(config.encoder().hiddenAct()).isEqualTo(HiddenActivation.GELU_TANH);
    assertThat(config.encoder().hiddenDropoutProb()).isZero();
    assertThat(config.numHiddenGroups()).isEqualTo(1);
    json.addProperty("inner_group_num", 0);
    assertThatThrownBy(() -> AlbertConfig.from(json, Path.of("c.json")))
        .hasMessage("c.json: field 'inner_group_num' must be a positive integer, got 0");
  }
}
