package io.github.qa4j.core.inference;

import java.util.Objects;

/**
 * A question about a passage, as an application asks it.
 *
 * @param question the question
 * @param context the passage to take the answer from; any length (it is cut into windows)
 */
public record QaInput(String question, String context) {

  /** Checks for nulls and for a question with no text, which no span can answer. */
  public QaInput {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(context, "context");
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is empty");
    }
  }
}
