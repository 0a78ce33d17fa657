package io.github.qa4j.core.decode;

/**
 * A scored candidate before it becomes an {@link NBestEntry}: a span given by context offsets, or
 * the null answer.
 */
record Candidate(
    float score, float startScore, float endScore, int startOffset, int endOffset, boolean isNull) {

  /** A span candidate; its score is the float32 sum of the two scores, as numpy computes it. */
  static Candidate span(float startScore, float endScore, int startOffset, int endOffset) {
    return new Candidate(
        startScore + endScore, startScore, endScore, startOffset, endOffset, false);
  }

  /** The null answer, scored by the logits at the CLS token. */
  static Candidate nullAnswer(float startScore, float endScore) {
    return new Candidate(startScore + endScore, startScore, endScore, 0, 0, true);
  }

  /**
   * Whether {@code utils_qa.py} takes this for the null answer: it recognizes the null answer by
   * its offsets (0, 0), which an empty span at the context's start shares.
   */
  boolean looksNull() {
    return isNull || (startOffset == 0 && endOffset == 0);
  }
}
