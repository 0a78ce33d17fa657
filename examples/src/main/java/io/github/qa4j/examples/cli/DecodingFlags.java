package io.github.qa4j.examples.cli;

import io.github.qa4j.core.decode.DecodingOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --n-best-size}, {@code --max-answer-length} and {@code --null-score-diff-threshold}: how
 * window scores become answers, for the commands that decode ({@code decode}, {@code predict}).
 * Whether "no answer" may win stays with each command, which names it its own way.
 */
final class DecodingFlags {

  @Option(
      names = "--n-best-size",
      defaultValue = "" + DecodingOptions.DEFAULT_N_BEST_SIZE,
      description = "Start and end candidates per window, and n-best entries kept.")
  int nBestSize;

  @Option(
      names = "--max-answer-length",
      defaultValue = "" + DecodingOptions.DEFAULT_MAX_ANSWER_LENGTH,
      description = "Longest answer in tokens.")
  int maxAnswerLength;

  @Option(
      names = "--null-score-diff-threshold",
      defaultValue = "0.0",
      description =
          "When \"no answer\" is allowed, it wins when its score beats the best span's by more"
              + " than this.")
  float nullScoreDiffThreshold;

  /** Checks the sizes (a usage error naming the flag). */
  void check(CommandSpec spec) {
    CliChecks.atLeast(spec, "--n-best-size", nBestSize, 1);
    CliChecks.atLeast(spec, "--max-answer-length", maxAnswerLength, 1);
  }

  /** The decoding options these flags give. */
  DecodingOptions options(boolean allowNoAnswer, boolean requireMaxContext) {
    return new DecodingOptions(
        nBestSize, maxAnswerLength, allowNoAnswer, nullScoreDiffThreshold, requireMaxContext);
  }
}
