package io.github.qa4j.core.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model family (BERT, XLNet, ...) that {@link QaModels} finds with {@link
 * java.util.ServiceLoader}.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/io.github.qa4j.core.model.QaModelProvider}.
 */
public interface QaModelProvider {

  /** Whether this family builds models with the given Hugging Face {@code model_type}. */
  boolean supports(String modelType);

  /**
   * Loads a Hugging Face model directory ({@code config.json}, {@code model.safetensors} or a
   * sharded index). A head missing from the checkpoint is initialized as transformers does; missing
   * or unexpected encoder parameters are an error naming them.
   */
  QaModel load(Path directory, HeadType head, Device device) throws IOException;

  /**
   * Builds a model with random weights from a Hugging Face {@code config.json} object, initialized
   * as transformers does (normal with {@code initializer_range}), from {@code seed}.
   */
  QaModel create(JsonObject config, HeadType head, long seed, Device device);
}
