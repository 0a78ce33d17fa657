package io.github.qa4j.core.decode;

import java.util.List;
import java.util.Objects;

/**
 * The decoded answer to one question.
 *
 * @param exampleId the question id
 * @param text the answer: a span of the context, {@code ""} for "no answer" (SQuAD v2), or the
 *     placeholder of an n-best list without any span
 * @param startOffset the {@link String} index (UTF-16) in the context where the answer starts, or
 *     -1 when the answer is not a span
 * @param endOffset the exclusive {@link String} index where the answer ends, or -1
 * @param nBest the best candidates, best first, with probabilities that sum to 1
 * @param nullOdds for SQuAD v2 decoding, how much more the model favours "no answer" than the best
 *     span (what {@code null_odds.json} holds); {@code null} otherwise
 */
public record Prediction(
    String exampleId,
    String text,
    int startOffset,
    int endOffset,
    List<NBestEntry> nBest,
    Float nullOdds) {

  /** Validates and copies the n-best list. */
  public Prediction {
    Objects.requireNonNull(exampleId, "exampleId");
    Objects.requireNonNull(text, "text");
    nBest = List.copyOf(nBest);
    if (nBest.isEmpty()) {
      throw new IllegalArgumentException("prediction for " + exampleId + " has no n-best entry");
    }
  }

  /** Whether the answer is a span of the context. */
  public boolean isSpan() {
    return startOffset >= 0;
  }
}
