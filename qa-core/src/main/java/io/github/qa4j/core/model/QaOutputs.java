package io.github.qa4j.core.model;

import ai.djl.ndarray.NDArray;

/** What a question-answering head returns at inference time, one variant per {@link HeadType}. */
public sealed interface QaOutputs permits QaOutputs.SpanLogits, QaOutputs.BeamSearch {

  /**
   * Output of the span head.
   *
   * @param startLogits {@code [batch, seqLen]}
   * @param endLogits {@code [batch, seqLen]}
   */
  record SpanLogits(NDArray startLogits, NDArray endLogits) implements QaOutputs {}

  /**
   * Output of the beam-search head, laid out as transformers lays it out.
   *
   * @param startTopLogProbs {@code [batch, startNTop]}
   * @param startTopIndex {@code [batch, startNTop]}
   * @param endTopLogProbs {@code [batch, endNTop * startNTop]}: element {@code j * startNTop + i}
   *     is the j-th best end for the i-th start candidate
   * @param endTopIndex {@code [batch, endNTop * startNTop]}, same layout
   * @param clsLogits {@code [batch]}: answerability logit (higher means "no answer")
   */
  record BeamSearch(
      NDArray startTopLogProbs,
      NDArray startTopIndex,
      NDArray endTopLogProbs,
      NDArray endTopIndex,
      NDArray clsLogits)
      implements QaOutputs {}
}
