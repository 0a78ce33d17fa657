package io.github.qa4j.models.albert;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * ALBERT ({@code model_type} {@code albert}): transformers' {@code AlbertForQuestionAnswering},
 * parameters {@code albert.*} and {@code qa_outputs.*}. The beam-search head on this encoder has no
 * transformers class.
 */
public final class AlbertFamily extends EncoderFamily<AlbertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public AlbertFamily() {
    super(
        FamilySpec.of("albert", AlbertConfig::from, AlbertModel::new, AlbertModel::initializer)
            .withSpanArchitecture("AlbertForQuestionAnswering")
            .withOtherTensors(
                "predictions.",
                "sop_classifier.",
                "albert.pooler.",
                "albert.embeddings.position_ids"));
  }
}
