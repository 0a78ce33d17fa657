package io.github.qa4j.squad;

/** What the reader does with an answer whose offset and text do not match the context. */
public enum ValidationMode {
  /** Fail with a {@link SquadFormatException} naming the file, question id and value. */
  STRICT,
  /**
   * Skip the answer and count it in the {@link SquadReport}; a question left without answers that
   * is not marked impossible is skipped too.
   */
  LENIENT
}
