package io.github.qa4j.core.decode;

/**
 * A scored candidate before it becomes an {@link NBestEntry}: a span given by context offsets, the
 * null answer, or the placeholder that stands in when nothing else qualifies.
 */
record Candidate(
    float score,
    float startScore,
    float endScore,
    int startOffset,
    int endOffset,
    NBestEntry.Kind kind) {

  /** A span candidate; its score is the float32 sum of the two scores, as numpy computes it. */
  static Candidate span(float startScore, float endScore, int startOffset, int endOffset) {
    return new Candidate(
        startScore + endScore, startScore, endScore, startOffset, endOffset, NBestEntry.Kind.SPAN);
  }

  /** The null answer, scored by the logits at the CLS token. */
  static Candidate nullAnswer(float startScore, float endScore) {
    return new Candidate(
        startScore + endScore, startScore, endScore, 0, 0, NBestEntry.Kind.NO_ANSWER);
  }

  /** The placeholder with both scores {@code score}. */
  static Candidate placeholder(float score) {
    return new Candidate(score + score, score, score, -1, -1, NBestEntry.Kind.PLACEHOLDER);
  }

  /** Whether this is the null answer. */
  boolean isNull() {
    return kind == NBestEntry.Kind.NO_ANSWER;
  }

  /**
   * Whether {@code utils_qa.py} takes this for the null answer: it recognizes the null answer by
   * its offsets (0, 0), which an empty span at the context's start shares.
   */
  boolean looksNull() {
    return isNull() || (kind == NBestEntry.Kind.SPAN && startOffset == 0 && endOffset == 0);
  }
}
