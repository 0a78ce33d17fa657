package io.github.qa4j.core.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.qa4j.core.testing.SharedData;
import java.nio.file.Path;

/** The shared tokenizers, loaded once per test JVM (native resources freed at exit). */
final class Tokenizers {

  static final HuggingFaceTokenizer BERT = load(SharedData.bertTokenizer());
  static final HuggingFaceTokenizer XLNET = load(SharedData.xlnetTokenizer());

  private Tokenizers() {}

  static HuggingFaceTokenizer of(WindowLayout layout) {
    return layout.contextFirst() ? XLNET : BERT;
  }

  private static HuggingFaceTokenizer load(Path file) {
    return Featurizer.rawTokenizer(file);
  }
}
