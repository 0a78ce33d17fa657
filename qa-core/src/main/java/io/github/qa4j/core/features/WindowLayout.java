package io.github.qa4j.core.features;

import com.google.common.base.Preconditions;

/**
 * How a model family lays out a (question, context) window around the special tokens that the
 * tokenizer's pair template adds: which sequence comes first, on which side padding goes, and the
 * padding token's id and type. Model families state it ({@code QaModelProvider#layout}); the
 * special tokens themselves come from the tokenizer.
 *
 * <p>As in {@code run_qa.py}, the context comes first exactly when the tokenizer pads on the left
 * (XLNet); BERT, RoBERTa and most others put the question first and pad on the right.
 *
 * @param contextFirst whether the context is the first sequence of the pair
 * @param padLeft whether padding goes before the tokens
 * @param padTokenId the id of the padding token
 * @param padTypeId the token type id of padding tokens
 */
public record WindowLayout(boolean contextFirst, boolean padLeft, int padTokenId, int padTypeId) {

  /** Checks the ids. */
  public WindowLayout {
    Preconditions.checkArgument(padTokenId >= 0, "padTokenId must be >= 0, got %s", padTokenId);
    Preconditions.checkArgument(padTypeId >= 0, "padTypeId must be >= 0, got %s", padTypeId);
  }

  /**
   * {@code [CLS] question [SEP] context [SEP] [PAD]...}: question first, right padding with token
   * type 0 (BERT, RoBERTa, ALBERT, ELECTRA, DeBERTa, DistilBERT).
   */
  public static WindowLayout questionFirst(int padTokenId) {
    return new WindowLayout(false, false, padTokenId, 0);
  }

  /**
   * {@code <pad>... context <sep> question <sep> <cls>}: context first, left padding with the given
   * token type (XLNet pads with type 3).
   */
  public static WindowLayout contextFirst(int padTokenId, int padTypeId) {
    return new WindowLayout(true, true, padTokenId, padTypeId);
  }
}
