package io.github.qa4j.models.electra;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * ELECTRA ({@code model_type} {@code electra}): transformers' {@code ElectraForQuestionAnswering},
 * parameters {@code electra.*} and {@code qa_outputs.*}. The beam-search head on this encoder has
 * no transformers class.
 */
public final class ElectraFamily extends EncoderFamily<ElectraConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public ElectraFamily() {
    super(List.of("electra"), "electra");
  }

  @Override
  protected ElectraConfig parseConfig(JsonObject json, Path source) {
    return ElectraConfig.from(json, source);
  }

  @Override
  protected Encoder encoder(ElectraConfig config) {
    return new ElectraModel(config);
  }

  @Override
  protected ParameterInit initializer(ElectraConfig config) {
    return ElectraModel.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "ElectraForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of(
        "discriminator_predictions.",
        "generator_predictions.",
        "generator_lm_head.",
        "electra.embeddings.position_ids");
  }
}
