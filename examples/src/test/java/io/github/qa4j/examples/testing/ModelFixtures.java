package io.github.qa4j.examples.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny model and tokenizer fixtures of {@code qa-models}' tests, which the command line tests
 * reuse rather than copy: {@code fixtures/families/<name>} (tiny random models made by
 * transformers) and {@code fixtures/windows/<name>} (small trained tokenizers with a tiny model
 * config). Found from the module's folder, where Maven runs the tests.
 */
public final class ModelFixtures {

  private static final Path ROOT =
      Path.of("..", "qa-models", "src", "test", "resources", "fixtures");

  private ModelFixtures() {}

  /** A tiny model folder under {@code fixtures/families}, for example {@code roberta-tiny}. */
  public static Path family(String name) {
    return existing(ROOT.resolve("families").resolve(name));
  }

  /**
   * A tokenizer folder under {@code fixtures/windows}: {@code roberta-bpe} or {@code
   * sentencepiece-unigram}.
   */
  public static Path tokenizer(String name) {
    return existing(ROOT.resolve("windows").resolve(name));
  }

  private static Path existing(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new IllegalStateException(
          "missing fixture folder " + abs + " (run tests from the module)");
    }
    return abs;
  }
}
