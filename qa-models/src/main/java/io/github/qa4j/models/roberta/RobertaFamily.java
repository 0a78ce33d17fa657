package io.github.qa4j.models.roberta;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * RoBERTa ({@code model_type} {@code roberta}, and {@code xlm-roberta} and {@code camembert}, which
 * share its architecture): transformers' {@code RobertaForQuestionAnswering}, parameters {@code
 * roberta.*} and {@code qa_outputs.*}. The beam-search head on this encoder has no transformers
 * class.
 */
public final class RobertaFamily extends EncoderFamily<RobertaConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public RobertaFamily() {
    super(
        FamilySpec.of("roberta", RobertaConfig::from, RobertaModel::new, RobertaModel::initializer)
            .withModelTypes("roberta", "xlm-roberta", "camembert")
            .withSpanArchitecture("RobertaForQuestionAnswering")
            .withOtherTensors(
                "lm_head.",
                "roberta.pooler.",
                "roberta.embeddings.position_ids",
                "roberta.embeddings.token_type_ids"));
  }
}
