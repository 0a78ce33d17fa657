package io.github.qa4j.models.xlnet;

import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import io.github.qa4j.models.family.FamilySpec;

/**
 * XLNet ({@code model_type} {@code xlnet}), parameters {@code transformer.*}: transformers' {@code
 * XLNetForQuestionAnswering} with the beam-search head ({@code start_logits.*}, {@code
 * end_logits.*}, {@code answer_class.*}) and {@code XLNetForQuestionAnsweringSimple} with the span
 * head ({@code qa_outputs.*}). Windows put the context first and pad on the left with token type 3,
 * as XLNet's tokenizer does.
 */
public final class XlnetFamily extends EncoderFamily<XlnetConfig> {

  /** XLNet's tokenizer gives padding this token type. */
  private static final int PAD_TYPE_ID = 3;

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public XlnetFamily() {
    super(
        FamilySpec.of(
                "transformer",
                XlnetConfig::fromJson,
                XlnetEncoder::new,
                c -> ParameterInit.transformers(c.initializerRange()))
            .withModelTypes("xlnet")
            .withSpanArchitecture("XLNetForQuestionAnsweringSimple")
            .withBeamArchitecture("XLNetForQuestionAnswering")
            .withOtherTensors("lm_loss.", "sequence_summary.", "logits_proj.", "qa_outputs."));
  }

  /** Context first, left padding with token type 3 and the config's {@code pad_token_id} (5). */
  @Override
  public WindowLayout layout(JsonObject config) {
    return WindowLayout.contextFirst(intOr(config, "pad_token_id", 5), PAD_TYPE_ID);
  }
}
