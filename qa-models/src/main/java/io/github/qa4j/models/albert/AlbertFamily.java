package io.github.qa4j.models.albert;

import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.family.EncoderFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * ALBERT ({@code model_type} {@code albert}): transformers' {@code AlbertForQuestionAnswering},
 * parameters {@code albert.*} and {@code qa_outputs.*}. The beam-search head on this encoder has no
 * transformers class.
 */
public final class AlbertFamily extends EncoderFamily<AlbertConfig> {

  /** Creates the family ({@link java.util.ServiceLoader} needs a public constructor). */
  public AlbertFamily() {
    super(List.of("albert"), "albert");
  }

  @Override
  protected AlbertConfig parseConfig(JsonObject json, Path source) {
    return AlbertConfig.from(json, source);
  }

  @Override
  protected Encoder encoder(AlbertConfig config) {
    return new AlbertModel(config);
  }

  @Override
  protected ParameterInit initializer(AlbertConfig config) {
    return AlbertModel.initializer(config);
  }

  @Override
  protected String architecture(HeadType head) {
    return head == HeadType.SPAN ? "AlbertForQuestionAnswering" : null;
  }

  @Override
  protected List<String> otherTensors() {
    return List.of(
        "predictions.", "sop_classifier.", "albert.pooler.", "albert.embeddings.position_ids");
  }
}
