package io.github.qa4j.models.distilbert;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * DistilBERT ({@code model_type} {@code distilbert}): transformers' {@code
 * DistilBertForQuestionAnswering}, parameters {@code distilbert.*} and {@code qa_outputs.*}; no
 * token types. The beam-search head on this encoder has no transformers class.
 */
public final class DistilBertFamily extends EncoderFamily<DistilBertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public DistilBertFamily() {
    super(List.of("distilbert"), "distilbert");
  }

  @Override
  protected DistilBertConfig parseConfig(JsonObject json, Path source) {
    return DistilBertConfig.from(json, source);
  }

  @Override
  protected Encoder encoder(DistilBertConfig config) {
    return new DistilBertModel(config);
  }

  @Override
  protected ParameterInit initializer(DistilBertConfig config) {
    return DistilBertModel.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "DistilBertForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of(
        "vocab_transform.",
        "vocab_layer_norm.",
        "vocab_projector.",
        "distilbert.embeddings.position_ids");
  }
}
