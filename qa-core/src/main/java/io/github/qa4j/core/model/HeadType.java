package io.github.qa4j.core.model;

/** Which question-answering head sits on top of the encoder. */
public enum HeadType {
  /** {@code Linear(hidden, 2)}: independent start and end logits ({@code run_qa.py}). */
  SPAN,
  /**
   * XLNet's SQuAD head: start logits, end logits conditioned on the start, and an answerability
   * logit, decoded by beam search ({@code run_qa_beam_search.py}).
   */
  BEAM_SEARCH
}
