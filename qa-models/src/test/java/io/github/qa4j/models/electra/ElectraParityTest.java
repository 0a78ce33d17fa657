package io.github.qa4j.models.electra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@link ElectraModel} under the span head against transformers' {@code
 * ElectraForQuestionAnswering} on {@code electra-tiny} (embedding_size 16, hidden 32, token types
 * fed), element by element.
 */
class ElectraParityTest {

  private static final Path DIR = EncoderParity.fixture("electra-tiny");

  private static ElectraModel encoder() throws IOException {
    return new ElectraModel(ElectraConfig.from(EncoderParity.config(DIR), DIR));
  }

  @Test
  void hiddenStateAndLogitsMatchTransformers() throws IOException {
    ElectraModel encoder = encoder();
    assertThat(encoder.namedParameters()).containsKey("embeddings_project.weight");
    EncoderParity.assertForward(
        DIR, "electra", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void lossAndEveryGradientMatchTransformers() throws IOException {
    ElectraModel encoder = encoder();
    EncoderParity.assertLossAndGradients(
        DIR, "electra", encoder, encoder::sequenceOutput, encoder.hiddenSize());
  }

  @Test
  void initializerIsTransformers() throws IOException {
    ElectraModel encoder = encoder();
    Map<String, HostTensor> values =
        InitializerChecks.initialize(
            encoder.namedParameters(), ElectraModel.initializer(encoder.config()), 7);
    InitializerChecks.assertTransformersInit(
        values, 0.02, Map.of("word_embeddings.weight", 0), Set.of());
  }

  @Test
  void sameWidthsHaveNoProjectionAndEmbeddingSizeIsRequired() throws IOException {
    JsonObject json = EncoderParity.config(DIR);
    json.addProperty("embedding_size", 32);
    ElectraModel same = new ElectraModel(ElectraConfig.from(json, DIR));
    assertThat(same.namedParameters().keySet()).noneMatch(n -> n.startsWith("embeddings_project"));
    json.remove("embedding_size");
    assertThatThrownBy(() -> ElectraConfig.from(json, Path.of("c.json")))
        .hasMessage("c.json: field 'embedding_size' is missing");
  }
}
