package io.github.qa4j.core.decode;

import java.util.Objects;

/**
 * One candidate answer in a prediction's n-best list.
 *
 * <p>For a span head the two scores are logits; for a beam-search head they are the head's start
 * and end probabilities (see {@link ScoreKind}). Only {@link Kind#SPAN} entries are spans of the
 * context; the others have offsets -1.
 *
 * @param text the answer text: a substring of the context for spans, {@code ""} for the null
 *     answer, and for the placeholder what Hugging Face's {@code utils_qa.py} writes ({@code
 *     "empty"} for span decoding, {@code ""} for beam search)
 * @param startOffset the {@link String} index (UTF-16) in the context where the span starts, or -1
 * @param endOffset the exclusive {@link String} index where the span ends, or -1
 * @param startScore the start score
 * @param endScore the end score
 * @param probability the softmax of the entry's score ({@code startScore + endScore} in float32)
 *     over the n-best list, as {@code utils_qa.py} writes it to {@code nbest_predictions.json}
 * @param kind what the entry is
 * @param pipelineScore the probability transformers' {@code question-answering} pipeline gives this
 *     answer (its {@code score}): for a span head, the product of the start and end probabilities,
 *     each a softmax over the logits of the window's context tokens and its CLS token; for the null
 *     answer the smallest such product at the CLS token over the question's windows; for a
 *     beam-search head the product of the head's start and end probabilities; 0 for the
 *     placeholder. See {@link SpanDecoder} for how it matches the pipeline.
 */
public record NBestEntry(
    String text,
    int startOffset,
    int endOffset,
    float startScore,
    float endScore,
    float probability,
    Kind kind,
    double pipelineScore) {

  /** What an n-best entry stands for. */
  public enum Kind {
    /** A span of the context. */
    SPAN,
    /** "The passage does not answer the question" (SQuAD v2), scored at the CLS token. */
    NO_ANSWER,
    /** Stands in when no span qualifies; not an answer at all. */
    PLACEHOLDER
  }

  /** Checks the offsets against the kind. */
  public NBestEntry {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    boolean offsets = startOffset >= 0 && endOffset >= startOffset;
    boolean none = startOffset == -1 && endOffset == -1;
    if (kind == Kind.SPAN ? !offsets : !none) {
      throw new IllegalArgumentException(
          kind
              + " entry needs "
              + (kind == Kind.SPAN ? "offsets 0 <= start <= end" : "offsets -1, -1")
              + ", got "
              + startOffset
              + ", "
              + endOffset);
    }
  }

  /** Whether the entry is a span of the context (not the null answer or a placeholder). */
  public boolean isSpan() {
    return kind == Kind.SPAN;
  }
}
