package io.github.qa4j.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code shared/} folder with SQuAD data and fixtures.
 *
 * <p>System property {@code qa.shared} (the build sets it to {@code ../shared} from the repository
 * root); without it, {@code ../shared} from the working directory and its parents. Fails with a
 * clear message when the folder is absent: tests never skip silently.
 */
public final class SharedData {

  private SharedData() {}

  /** The shared folder. */
  public static Path root() {
    String configured = System.getProperty("qa.shared");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve("README.md"))) {
        return p;
      }
      throw new IllegalStateException(
          "qa.shared=" + configured + " (" + p + ") is not the shared data folder (no README.md)");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared").normalize();
      if (Files.isRegularFile(candidate.resolve("README.md"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared data folder not found: set -Dqa.shared=/path/to/shared or place it at ../shared"
            + " beside the repository");
  }

  /** A path under the shared folder, which must exist. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing shared file " + p);
    }
    return p;
  }

  /** {@code data/squad/dev-v1.1.json}. */
  public static Path devV11() {
    return path("data/squad/dev-v1.1.json");
  }

  /** {@code data/squad/dev-v2.0.json}. */
  public static Path devV20() {
    return path("data/squad/dev-v2.0.json");
  }

  /** {@code data/tokenizers/bert-base-uncased/tokenizer.json}. */
  public static Path bertTokenizer() {
    return path("data/tokenizers/bert-base-uncased/tokenizer.json");
  }

  /** {@code data/tokenizers/xlnet-base-cased/tokenizer.json}. */
  public static Path xlnetTokenizer() {
    return path("data/tokenizers/xlnet-base-cased/tokenizer.json");
  }

  /** A tiny model fixture folder, for example {@code bert-tiny-absolute}. */
  public static Path model(String name) {
    return path("fixtures/models/" + name);
  }
}
