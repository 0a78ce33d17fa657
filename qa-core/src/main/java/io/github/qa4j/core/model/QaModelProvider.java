package io.github.qa4j.core.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model family (BERT, XLNet, ...) that {@link QaModels} finds with {@link
 * java.util.ServiceLoader}. It tells qa-core, as plain values, what the family's windows need and
 * which head its checkpoints carry, and it loads and creates models; qa-core names no family.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/io.github.qa4j.core.model.QaModelProvider}.
 */
public interface QaModelProvider {

  /** Whether this family builds models with the given Hugging Face {@code model_type}. */
  boolean supports(String modelType);

  /**
   * How windows are laid out for a model with this {@code config.json}: which sequence comes first,
   * the padding side, and the padding token's id (from the config's {@code pad_token_id}) and type.
   */
  WindowLayout layout(JsonObject config);

  /**
   * The head a checkpoint with this {@code config.json} carries (from its {@code architectures}),
   * or the family's usual question-answering head for a bare encoder.
   */
  HeadType defaultHead(JsonObject config);

  /**
   * Loads a Hugging Face model directory ({@code config.json} and its weights). A head missing from
   * the checkpoint is initialized as transformers does, from {@code seed}; missing or unexpected
   * encoder parameters are an error naming them.
   */
  QaModel load(Path directory, HeadType head, long seed, Device device) throws IOException;

  /**
   * Builds a model with random weights from a Hugging Face {@code config.json} object, initialized
   * as transformers does, from {@code seed}.
   */
  QaModel create(JsonObject config, HeadType head, long seed, Device device);
}
