package io.github.qa4j.core.decode;

import java.util.Objects;

/**
 * One candidate answer in a prediction's n-best list.
 *
 * <p>For a span head the two scores are logits; for a beam-search head they are the head's start
 * and end scores (see {@link ScoreKind}). The null answer ({@code ""}) and the placeholder that
 * stands in when no span qualifies ({@code "empty"} for span decoding, {@code ""} for beam search,
 * as in Hugging Face's {@code utils_qa.py}) are not spans of the context: their offsets are -1.
 *
 * @param text the answer text, a substring of the context for spans
 * @param startOffset the {@link String} index (UTF-16) in the context where the span starts, or -1
 * @param endOffset the exclusive {@link String} index where the span ends, or -1
 * @param startLogit the start score
 * @param endLogit the end score
 * @param probability the softmax of the entry's score ({@code startLogit + endLogit} in float32)
 *     over the n-best list
 */
public record NBestEntry(
    String text,
    int startOffset,
    int endOffset,
    float startLogit,
    float endLogit,
    float probability) {

  /** Checks the offsets. */
  public NBestEntry {
    Objects.requireNonNull(text, "text");
    if ((startOffset < 0) != (endOffset < 0) || endOffset < startOffset) {
      throw new IllegalArgumentException(
          "offsets must be a span (0 <= start <= end) or both -1, got "
              + startOffset
              + ", "
              + endOffset);
    }
  }

  /** Whether the entry is a span of the context (not the null answer or a placeholder). */
  public boolean isSpan() {
    return startOffset >= 0;
  }
}
