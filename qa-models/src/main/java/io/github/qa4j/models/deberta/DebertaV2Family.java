package io.github.qa4j.models.deberta;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * DeBERTa-v2 and v3 ({@code model_type} {@code deberta-v2}): transformers' {@code
 * DebertaV2ForQuestionAnswering}, parameters {@code deberta.*} and {@code qa_outputs.*}. Token
 * types are fed when the config has {@code type_vocab_size > 0}. The beam-search head on this
 * encoder has no transformers class.
 */
public final class DebertaV2Family extends EncoderFamily<DebertaV2Config> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public DebertaV2Family() {
    super(
        FamilySpec.of(
                "deberta", DebertaV2Config::from, DebertaV2Model::new, DebertaV2Model::initializer)
            .withModelTypes("deberta-v2")
            .withSpanArchitecture("DebertaV2ForQuestionAnswering")
            .withOtherTensors(
                "lm_predictions.", "cls.", "mask_predictions.", "deberta.embeddings.position_ids"));
  }
}
