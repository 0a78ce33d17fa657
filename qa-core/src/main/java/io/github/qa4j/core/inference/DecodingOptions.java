package io.github.qa4j.core.inference;

/**
 * How windows' scores become answers; the defaults of transformers' {@code run_qa.py}.
 *
 * @param nBestSize candidates kept per question (20)
 * @param maxAnswerLength longest answer in tokens (30)
 * @param versionTwoWithNegative whether "no answer" is allowed (SQuAD v2)
 * @param nullScoreDiffThreshold margin by which "no answer" must beat the best span (0.0)
 * @param requireMaxContext keep only spans whose start token has its maximum context in the window
 */
public record DecodingOptions(
    int nBestSize,
    int maxAnswerLength,
    boolean versionTwoWithNegative,
    double nullScoreDiffThreshold,
    boolean requireMaxContext) {

  /** Checks the sizes. */
  public DecodingOptions {
    if (nBestSize <= 0 || maxAnswerLength <= 0) {
      throw new IllegalArgumentException(
          "nBestSize and maxAnswerLength must be > 0, got " + nBestSize + ", " + maxAnswerLength);
    }
  }

  /** {@code run_qa.py}'s defaults for SQuAD v1 ({@code false}) or v2 ({@code true}). */
  public static DecodingOptions defaults(boolean versionTwoWithNegative) {
    return new DecodingOptions(20, 30, versionTwoWithNegative, 0.0, false);
  }
}
