package io.github.qa4j.models.electra;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * ELECTRA ({@code model_type} {@code electra}): transformers' {@code ElectraForQuestionAnswering},
 * parameters {@code electra.*} and {@code qa_outputs.*}. The beam-search head on this encoder has
 * no transformers class.
 */
public final class ElectraFamily extends EncoderFamily<ElectraConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public ElectraFamily() {
    super(
        FamilySpec.of("electra", ElectraConfig::from, ElectraModel::new, ElectraModel::initializer)
            .withSpanArchitecture("ElectraForQuestionAnswering")
            .withOtherTensors(
                "discriminator_predictions.",
                "generator_predictions.",
                "generator_lm_head.",
                "electra.embeddings.position_ids"));
  }
}
