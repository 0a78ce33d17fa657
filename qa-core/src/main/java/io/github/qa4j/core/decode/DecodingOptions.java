package io.github.qa4j.core.decode;

import com.google.common.base.Preconditions;

/**
 * How windows' scores become answers: the one home of the decoding settings and their defaults
 * ({@code run_qa.py}'s), accepted by {@link SpanDecoder} and {@link BeamSearchDecoder} and through
 * them by the trainer's evaluation, the question answerer and the CLI.
 *
 * @param nBestSize start and end candidates paired per window, and n-best entries kept (20)
 * @param maxAnswerLength longest answer in tokens (30)
 * @param allowNoAnswer whether "no answer" is a possible answer, as in SQuAD v2 ({@code
 *     --version_2_with_negative}; false)
 * @param nullScoreDiffThreshold margin by which "no answer" must beat the best span (0.0); compared
 *     in float32, as numpy compares a float32 with a Python float. The beam-search decoder leaves
 *     the threshold to the evaluator and ignores it.
 * @param requireMaxContext keep only spans whose start token has its maximum context in the window,
 *     the rule of Google's original {@code run_squad.py} (false, as in {@code run_qa.py})
 */
public record DecodingOptions(
    int nBestSize,
    int maxAnswerLength,
    boolean allowNoAnswer,
    float nullScoreDiffThreshold,
    boolean requireMaxContext) {

  /** {@code run_qa.py}'s default n-best size. */
  public static final int DEFAULT_N_BEST_SIZE = 20;

  /** {@code run_qa.py}'s default longest answer, in tokens. */
  public static final int DEFAULT_MAX_ANSWER_LENGTH = 30;

  /** {@code run_qa.py}'s defaults, for SQuAD v1 (no null answers). */
  public static final DecodingOptions DEFAULTS =
      new DecodingOptions(DEFAULT_N_BEST_SIZE, DEFAULT_MAX_ANSWER_LENGTH, false, 0f, false);

  /** Checks the sizes and the threshold. */
  public DecodingOptions {
    Preconditions.checkArgument(nBestSize > 0, "n_best_size must be > 0, got %s", nBestSize);
    Preconditions.checkArgument(
        maxAnswerLength > 0, "max_answer_length must be > 0, got %s", maxAnswerLength);
    Preconditions.checkArgument(
        !Float.isNaN(nullScoreDiffThreshold), "null_score_diff_threshold is NaN");
  }

  /** These options with another n-best size. */
  public DecodingOptions withNBestSize(int value) {
    return new DecodingOptions(
        value, maxAnswerLength, allowNoAnswer, nullScoreDiffThreshold, requireMaxContext);
  }

  /** These options with another longest answer. */
  public DecodingOptions withMaxAnswerLength(int value) {
    return new DecodingOptions(
        nBestSize, value, allowNoAnswer, nullScoreDiffThreshold, requireMaxContext);
  }

  /** These options with null answers allowed or not. */
  public DecodingOptions withAllowNoAnswer(boolean value) {
    return new DecodingOptions(
        nBestSize, maxAnswerLength, value, nullScoreDiffThreshold, requireMaxContext);
  }

  /** These options with another null threshold. */
  public DecodingOptions withNullScoreDiffThreshold(float value) {
    return new DecodingOptions(nBestSize, maxAnswerLength, allowNoAnswer, value, requireMaxContext);
  }

  /** These options with or without the maximum-context rule. */
  public DecodingOptions withRequireMaxContext(boolean value) {
    return new DecodingOptions(
        nBestSize, maxAnswerLength, allowNoAnswer, nullScoreDiffThreshold, value);
  }
}
