package io.github.qa4j.core.features;

/** How a (question, context) pair is laid out in a model's input window. */
public enum WindowLayout {
  /** {@code [CLS] question [SEP] context [SEP] [PAD]...}: question first, right padding. */
  BERT,
  /**
   * {@code <pad>... context <sep> question <sep> <cls>}: context first, left padding with token
   * type 3, {@code <cls>} last; token types 0 context, 1 question, 2 cls.
   */
  XLNET
}
