package io.github.qa4j.models.bert;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * BERT ({@code model_type} {@code bert}): transformers' {@code BertForQuestionAnswering} with the
 * span head, parameters {@code bert.*} and {@code qa_outputs.*}; the beam-search head on BERT has
 * no transformers class.
 */
public final class BertFamily extends EncoderFamily<BertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public BertFamily() {
    super(List.of("bert"), "bert");
  }

  @Override
  protected BertConfig parseConfig(JsonObject json, Path source) {
    return BertConfig.from(json, source);
  }

  @Override
  protected Encoder encoder(BertConfig config) {
    return new BertModel(config, false);
  }

  @Override
  protected ParameterInit initializer(BertConfig config) {
    return BertModel.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "BertForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of("cls.", "bert.pooler.", "bert.embeddings.position_ids");
  }
}
