package io.github.qa4j.models.distilbert;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * DistilBERT ({@code model_type} {@code distilbert}): transformers' {@code
 * DistilBertForQuestionAnswering}, parameters {@code distilbert.*} and {@code qa_outputs.*}; no
 * token types. The beam-search head on this encoder has no transformers class.
 */
public final class DistilBertFamily extends EncoderFamily<DistilBertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public DistilBertFamily() {
    super(
        FamilySpec.of(
                "distilbert",
                DistilBertConfig::from,
                DistilBertModel::new,
                DistilBertModel::initializer)
            .withSpanArchitecture("DistilBertForQuestionAnswering")
            .withOtherTensors(
                "vocab_transform.",
                "vocab_layer_norm.",
                "vocab_projector.",
                "distilbert.embeddings.position_ids"));
  }
}
