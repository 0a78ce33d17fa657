package io.github.qa4j.examples.cli;

import io.github.qa4j.core.features.WindowOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --max-seq-length} and {@code --doc-stride}: how passages are cut into model windows. */
final class WindowFlags {

  /** The window length when neither the flag nor the model says otherwise. */
  static final int DEFAULT_LENGTH = WindowOptions.DEFAULTS.maxSeqLength();

  /** The stride when the flag is not given. */
  static final int DEFAULT_STRIDE = WindowOptions.DEFAULTS.stride();

  @Option(
      names = "--max-seq-length",
      paramLabel = "N",
      description = "Window length in tokens (default: 384, at most what the model supports).")
  Integer maxSeqLength;

  @Option(
      names = "--doc-stride",
      paramLabel = "N",
      description =
          "Context tokens shared by consecutive windows (default: 128, less for short windows).")
  Integer docStride;

  /** The window length: the flag's, else {@code fallback}. */
  int length(int fallback) {
    return maxSeqLength != null ? maxSeqLength : fallback;
  }

  /** The stride: the flag's, else the default, lowered to fit a short window. */
  int stride(int length) {
    return docStride != null ? docStride : Math.min(DEFAULT_STRIDE, Math.max(0, length / 2 - 2));
  }

  /** The window options for windows of {@code length} tokens. */
  WindowOptions options(int length) {
    return new WindowOptions(length, stride(length));
  }

  /** Checks the two flags for a window of {@code length} tokens (a usage error if they clash). */
  void check(CommandSpec spec, int length) {
    CliChecks.window(spec, "--max-seq-length", length, "--doc-stride", stride(length));
  }
}
