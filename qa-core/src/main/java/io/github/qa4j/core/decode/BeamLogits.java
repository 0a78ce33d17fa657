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
 * @param startTopLogProbs the scores of the best starts, best first ({@code startNTop} values)
 * @param startTopIndex the token indexes of the best starts
 * @param endTopLogProbs the end scores, {@code endNTop * startNTop} values, laid out as above
 * @param endTopIndex the end token indexes, laid out as above
 * @param clsLogit the window's no-answer logit
 */
public record BeamLogits(
    float[] startTopLogProbs,
    int[] startTopIndex,
    float[] endTopLogProbs,
    int[] endTopIndex,
    float clsLogit) {

  /** Checks the array lengths against each other. */
  public BeamLogits {
    Objects.requireNonNull(startTopLogProbs, "startTopLogProbs");
    Objects.requireNonNull(startTopIndex, "startTopIndex");
    Objects.requireNonNull(endTopLogProbs, "endTopLogProbs");
    Objects.requireNonNull(endTopIndex, "endTopIndex");
    int startNTop = startTopIndex.length;
    if (startNTop == 0 || startTopLogProbs.length != startNTop) {
      throw new IllegalArgumentException(
          "need as many start scores as start indexes (at least one), got "
              + startTopLogProbs.length
              + " and "
              + startNTop);
    }
    if (endTopIndex.length != endTopLogProbs.length || endTopIndex.length % startNTop != 0) {
      throw new IllegalArgumentException(
          "end scores and indexes must both hold endNTop * startNTop ("
              + startNTop
              + ") values, got "
              + endTopLogProbs.length
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
