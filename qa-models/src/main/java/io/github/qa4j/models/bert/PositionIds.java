package io.github.qa4j.models.bert;

/** How {@link BertEmbeddings} numbers the positions whose embeddings it adds. */
public enum PositionIds {
  /** BERT, ELECTRA, ALBERT: {@code 0, 1, ..., seqLen - 1} in every row. */
  FROM_ZERO,
  /**
   * RoBERTa (fairseq's {@code make_positions}): tokens other than the padding token are numbered
   * {@code padding_idx + 1} onwards, in order; padding tokens take {@code padding_idx}, whose
   * position row receives no gradient.
   */
  AFTER_PADDING_ID
}
