package io.github.qa4j.models.bert;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModelProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The BERT family for {@link io.github.qa4j.core.model.QaModels}: {@code model_type} {@code bert}.
 * Heads missing from a checkpoint are initialized from {@link BertQaModel#DEFAULT_SEED}.
 */
public final class BertModelProvider implements QaModelProvider {

  /** Creates the provider ({@link java.util.ServiceLoader} needs a public constructor). */
  public BertModelProvider() {}

  @Override
  public boolean supports(String modelType) {
    return "bert".equals(modelType);
  }

  @Override
  public QaModel load(Path directory, HeadType head, Device device) throws IOException {
    return BertQaModel.load(directory, head, device, BertQaModel.DEFAULT_SEED);
  }

  @Override
  public QaModel create(JsonObject config, HeadType head, long seed, Device device) {
    return BertQaModel.create(config, head, seed, device);
  }
}
