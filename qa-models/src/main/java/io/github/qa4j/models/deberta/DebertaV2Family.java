package io.github.qa4j.models.deberta;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * DeBERTa-v2 and v3 ({@code model_type} {@code deberta-v2}): transformers' {@code
 * DebertaV2ForQuestionAnswering}, parameters {@code deberta.*} and {@code qa_outputs.*}. Token
 * types are fed when the config has {@code type_vocab_size > 0}. The beam-search head on this
 * encoder has no transformers class.
 */
public final class DebertaV2Family extends EncoderFamily<DebertaV2Config> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public DebertaV2Family() {
    super(List.of("deberta-v2"), "deberta");
  }

  @Override
  protected DebertaV2Config parseConfig(JsonObject json, Path source) {
    return DebertaV2Config.from(json, source);
  }

  @Override
  protected Encoder encoder(DebertaV2Config config) {
    return new DebertaV2Model(config);
  }

  @Override
  protected ParameterInit initializer(DebertaV2Config config) {
    return DebertaV2Model.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "DebertaV2ForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of(
        "lm_predictions.", "cls.", "mask_predictions.", "deberta.embeddings.position_ids");
  }
}
