package io.github.qa4j.core.hub;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a checkpoint in a foreign format (for example a TensorFlow BERT checkpoint packed in a
 * Maven jar) into a Hugging Face model directory. {@link ModelResolver} finds implementations with
 * {@link java.util.ServiceLoader} and converts each Maven artifact once into its conversion cache.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/io.github.qa4j.core.hub.CheckpointConverter}.
 */
public interface CheckpointConverter {

  /** A short name for messages, such as {@code "TensorFlow BERT"}. */
  String name();

  /**
   * Whether this converter reads {@code artifact} (a jar, a zip or a directory). Should be cheap:
   * look at entry names, not at the weights.
   */
  boolean accepts(Path artifact) throws IOException;

  /**
   * Writes a Hugging Face model directory ({@code config.json}, {@code model.safetensors},
   * tokenizer files) into {@code target}, an existing empty directory.
   *
   * @throws IOException when the artifact cannot be read; the message names the file and entry
   */
  void convert(Path artifact, Path target) throws IOException;
}
