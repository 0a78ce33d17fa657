package io.github.qa4j.core.features;

/** How a (question, context) pair is laid out in a model's input window. */
public enum WindowLayout {
  /** {@code [CLS] question [SEP] context [SEP] [PAD]...}: question first, right padding. */
  BERT(false, false, 0),
  /**
   * {@code <pad>... context <sep> question <sep> <cls>}: context first, left padding with token
   * type 3, {@code <cls>} last; token types 0 context, 1 question, 2 cls.
   */
  XLNET(true, true, 3);

  private final boolean contextFirst;
  private final boolean padLeft;
  private final int padTypeId;

  WindowLayout(boolean contextFirst, boolean padLeft, int padTypeId) {
    this.contextFirst = contextFirst;
    this.padLeft = padLeft;
    this.padTypeId = padTypeId;
  }

  /** Whether the context is the first sequence of the pair (run_qa.py: padding side left). */
  boolean contextFirst() {
    return contextFirst;
  }

  /** Whether padding goes before the tokens. */
  boolean padLeft() {
    return padLeft;
  }

  /** The token type id of padding tokens. */
  int padTypeId() {
    return padTypeId;
  }
}
