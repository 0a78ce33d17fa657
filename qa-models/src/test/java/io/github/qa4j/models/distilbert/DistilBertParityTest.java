package io.github.qa4j.models.distilbert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.testing.EncoderParity;
import io.github.qa4j.models.testing.InitializerChecks;
import io.github.qa4j.models.testing.TensorAssertions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DistilBertModel} under the span head against transformers' {@code
 * DistilBertForQuestionAnswering} on {@code distilbert-tiny} (sinusoidal positions, no token
 * types), element by element.
 */
class DistilBertParityTest {

  private static final Path DIR = EncoderParity.fixture("distilbert-tiny");
  private static final String POSITIONS = "embeddings.position_embeddings.weight";

  private static DistilBertModel encoder() throws IOException {
    return new DistilBertModel(DistilBertConfig.from(EncoderParity.config(DIR), DIR));
  }

  @Test
  void hiddenStateAndLogitsMatchTransformers() throws IOException {
    DistilBertModel encoder = encoder();
    EncoderParity.assertForward(
        DIR, "distilbert", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void lossAndEveryGradientMatchTransformersSinusoidalPositionsIncluded() throws IOException {
    DistilBertModel encoder = encoder();
    EncoderParity.assertLossAndGradients(
        DIR, "distilbert", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void initializerGivesTransformersSinusoidsAndStatistics() throws IOException {
    DistilBertModel encoder = encoder();
    assertThat(encoder.config().sinusoidalPosEmbds()).isTrue();
    Map<String, HostTensor> values =
        InitializerChecks.initialize(
            encoder.namedParameters(), DistilBertModel.initializer(encoder.config()), 7);
    InitializerChecks.assertTransformersInit(
        values, 0.02, Map.of("word_embeddings.weight", 0), Set.of(POSITIONS));
    // The fixture was saved untrained, so its table is transformers' initial sinusoid table.
    HostTensor expected = CheckpointFiles.read(DIR).get("distilbert." + POSITIONS);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      TensorAssertions.assertClose(values.get(POSITIONS).toNDArray(m), expected, 1.2e-7, POSITIONS);
    }
  }

  @Test
  void learnedPositionsAreNormalWithoutSinusoids() throws IOException {
    JsonObject json = EncoderParity.config(DIR);
    json.addProperty("sinusoidal_pos_embds", false);
    DistilBertModel encoder = new DistilBertModel(DistilBertConfig.from(json, DIR));
    InitializerChecks.assertTransformersInit(
        InitializerChecks.initialize(
            encoder.namedParameters(), DistilBertModel.initializer(encoder.config()), 7),
        0.02,
        Map.of("word_embeddings.weight", 0),
        Set.of());
  }

  @Test
  void configErrorsNameTheField() throws IOException {
    JsonObject json = EncoderParity.config(DIR);
    json.addProperty("n_heads", 5);
    assertThatThrownBy(() -> DistilBertConfig.from(json, Path.of("c.json")))
        .hasMessage("c.json: field 'dim' must be a multiple of n_heads (5), got 32");
    json.addProperty("n_heads", 4);
    json.addProperty("sinusoidal_pos_embds", "yes");
    assertThatThrownBy(() -> DistilBertConfig.from(json, Path.of("c.json")))
        .hasMessage("c.json: field 'sinusoidal_pos_embds' must be a boolean, got \"yes\"");
  }
}
