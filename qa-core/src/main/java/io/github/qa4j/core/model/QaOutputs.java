package io.github.qa4j.core.model;

import ai.djl.ndarray.NDArray;

/**
 * What a question-answering head returns at inference time, as tensors, one variant per {@link
 * HeadType}. {@link io.github.qa4j.core.inference.WindowPredictor} copies them to the host as
 * {@link io.github.qa4j.core.decode.SpanLogits} and {@link io.github.qa4j.core.decode.BeamLogits}.
 */
public sealed interface QaOutputs permits QaOutputs.Span, QaOutputs.BeamSearch {

  /**
   * Output of the span head.
   *
   * @param startLogits {@code [batch, seqLen]}
   * @param endLogits {@code [batch, seqLen]}
   */
  record Span(NDArray startLogits, NDArray endLogits) implements QaOutputs {}

  /**
   * Output of the beam-search head, laid out as transformers lays it out. transformers calls the
   * scores {@code start_top_log_probs} and {@code end_top_log_probs}, but they are softmax
   * probabilities; the names here say what they hold.
   *
   * @param startTopProbs {@code [batch, startNTop]}
   * @param startTopIndex {@code [batch, startNTop]}
   * @param endTopProbs {@code [batch, endNTop * startNTop]}: element {@code j * startNTop + i} is
   *     the j-th best end for the i-th start candidate
   * @param endTopIndex {@code [batch, endNTop * startNTop]}, same layout
   * @param clsLogits {@code [batch]}: answerability logit (higher means "no answer")
   */
  record BeamSearch(
      NDArray startTopProbs,
      NDArray startTopIndex,
      NDArray endTopProbs,
      NDArray endTopIndex,
      NDArray clsLogits)
      implements QaOutputs {}
}
