package io.github.qa4j.core.decode;

import java.util.Objects;

/**
 * An answerability (XLNet-style beam search) head's output for one window, as transformers' {@code
 * SQuADHead} returns it in evaluation mode.
 *
 * <p>The end arrays hold {@code endNTop} ends for each of the {@code startNTop} start candidates,
 * laid out as the head computes them: a {@code [endNTop, startNTop]} matrix flattened row by row,
 * so element {@code j * startNTop + i} is the {@code j}-th best end for the {@code i}-th start.
 * (Hugging Face's {@code utils_qa.py} reads element {@code i * endNTop + j} instead, which pairs a
 * start with ends computed for another start; see {@link BeamSearchDecoder}.)
 *
 * <p>transformers names the scores {@code *_log_probs}, but they are softmax probabilities.
 *
 * @param startTopProbs the probabilities of the best starts, best first ({@code startNTop} values)
 * @param startTopIndex the token indexes of the best starts
 * @param endTopProbs the end probabilities, {@code endNTop * startNTop} values, laid out as above
 * @param endTopIndex the end token indexes, laid out as above
 * @param clsLogit the window's no-answer logit
 */
public record BeamLogits(
    float[] startTopProbs,
    int[] startTopIndex,
    float[] endTopProbs,
    int[] endTopIndex,
    float clsLogit) {

  /** Checks the array lengths against each other. */
  public BeamLogits {
    Objects.requireNonNull(startTopProbs, "startTopProbs");
    Objects.requireNonNull(startTopIndex, "startTopIndex");
    Objects.requireNonNull(endTopProbs, "endTopProbs");
    Objects.requireNonNull(endTopIndex, "endTopIndex");
    int startNTop = startTopIndex.length;
    if (startNTop == 0 || startTopProbs.length != startNTop) {
      throw new IllegalArgumentException(
          "need as many start scores as start indexes (at least one), got "
              + startTopProbs.length
              + " and "
              + startNTop);
    }
    if (endTopIndex.length != endTopProbs.length || endTopIndex.length % startNTop != 0) {
      throw new IllegalArgumentException(
          "end scores and indexes must both hold endNTop * startNTop ("
              + startNTop
              + ") values, got "
              + endTopProbs.length
              + " and "
              + endTopIndex.length);
    }
  }

  /** The number of start candidates. */
  public int startNTop() {
    return startTopIndex.length;
  }

  /** The number of end candidates per start. */
  public int endNTop() {
    return endTopIndex.length / startTopIndex.length;
  }
}
