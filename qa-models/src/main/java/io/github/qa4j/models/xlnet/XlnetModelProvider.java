package io.github.qa4j.models.xlnet;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModelProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The XLNet family for {@link io.github.qa4j.core.model.QaModels}: {@code model_type} {@code
 * xlnet}. Heads missing from a checkpoint are initialized from {@link XlnetQaModel#DEFAULT_SEED}.
 */
public final class XlnetModelProvider implements QaModelProvider {

  /** Creates the provider ({@link java.util.ServiceLoader} needs a public constructor). */
  public XlnetModelProvider() {}

  @Override
  public boolean supports(String modelType) {
    return "xlnet".equals(modelType);
  }

  @Override
  public QaModel load(Path directory, HeadType head, Device device) throws IOException {
    return XlnetQaModel.load(directory, head, device, XlnetQaModel.DEFAULT_SEED);
  }

  @Override
  public QaModel create(JsonObject config, HeadType head, long seed, Device device) {
    return XlnetQaModel.create(config, head, seed, device);
  }
}
