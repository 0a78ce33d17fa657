package io.github.qa4j.models.roberta;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * RoBERTa ({@code model_type} {@code roberta}, and {@code xlm-roberta} and {@code camembert}, which
 * share its architecture): transformers' {@code RobertaForQuestionAnswering}, parameters {@code
 * roberta.*} and {@code qa_outputs.*}. The beam-search head on this encoder has no transformers
 * class.
 */
public final class RobertaFamily extends EncoderFamily<RobertaConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public RobertaFamily() {
    super(List.of("roberta", "xlm-roberta", "camembert"), "roberta");
  }

  @Override
  protected RobertaConfig parseConfig(JsonObject json, Path source) {
    return RobertaConfig.from(json, source);
  }

  @Override
  protected Encoder encoder(RobertaConfig config) {
    return new RobertaModel(config);
  }

  @Override
  protected ParameterInit initializer(RobertaConfig config) {
    return RobertaModel.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "RobertaForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of(
        "lm_head.",
        "roberta.pooler.",
        "roberta.embeddings.position_ids",
        "roberta.embeddings.token_type_ids");
  }
}
