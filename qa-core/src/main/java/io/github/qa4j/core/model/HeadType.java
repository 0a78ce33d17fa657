package io.github.qa4j.core.model;

import io.github.qa4j.core.decode.ScoreKind;

/** Which question-answering head sits on top of the encoder, and what its scores are. */
public enum HeadType {
  /** {@code Linear(hidden, 2)}: independent start and end logits ({@code run_qa.py}). */
  SPAN(ScoreKind.LOGITS, false),
  /**
   * XLNet's SQuAD head: start logits, end logits conditioned on the start, and an answerability
   * logit, decoded by beam search ({@code run_qa_beam_search.py}).
   */
  BEAM_SEARCH(ScoreKind.PROBS, true);

  private final ScoreKind scoreKind;
  private final boolean nullOddsAsNoAnswerProbability;

  HeadType(ScoreKind scoreKind, boolean nullOddsAsNoAnswerProbability) {
    this.scoreKind = scoreKind;
    this.nullOddsAsNoAnswerProbability = nullOddsAsNoAnswerProbability;
  }

  /** What the head's n-best scores are. */
  public ScoreKind scoreKind() {
    return scoreKind;
  }

  /**
   * Whether SQuAD v2 evaluation takes the null odds as the no-answer probability, as {@code
   * run_qa_beam_search.py} does; {@code run_qa.py} passes 0 for every question.
   */
  public boolean nullOddsAsNoAnswerProbability() {
    return nullOddsAsNoAnswerProbability;
  }
}
