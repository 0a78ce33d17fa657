package io.github.qa4j.core.data;

import java.util.Objects;

/**
 * A gold answer: a span of the example's context.
 *
 * @param text the answer text
 * @param start the {@link String} index (UTF-16) in the context where the answer starts
 */
public record Answer(String text, int start) {

  /** Checks the arguments. */
  public Answer {
    Objects.requireNonNull(text, "text");
    if (start < 0) {
      throw new IllegalArgumentException("answer start must be >= 0, got " + start);
    }
  }

  /** The exclusive {@link String} index where the answer ends. */
  public int end() {
    return start + text.length();
  }
}
