package io.github.qa4j.models.bert;

import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * BERT ({@code model_type} {@code bert}): transformers' {@code BertForQuestionAnswering} with the
 * span head, parameters {@code bert.*} and {@code qa_outputs.*}; the beam-search head on BERT has
 * no transformers class.
 */
public final class BertFamily extends EncoderFamily<BertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public BertFamily() {
    super(
        FamilySpec.of(
                "bert", BertConfig::from, c -> new BertModel(c, false), BertModel::initializer)
            .withSpanArchitecture("BertForQuestionAnswering")
            .withOtherTensors("cls.", "bert.pooler.", "bert.embeddings.position_ids"));
  }
}
