package io.github.qa4j.core.decode;

/**
 * A scored candidate before it becomes an {@link NBestEntry}: a span given by context offsets, the
 * null answer, or the placeholder that stands in when nothing else qualifies. {@code score} ranks
 * it ({@code utils_qa.py}'s score); {@code pipelineScore} is the probability transformers'
 * question-answering pipeline gives it (see {@link NBestEntry#pipelineScore()}).
 */
record Candidate(
    float score,
    float startScore,
    float endScore,
    int startOffset,
    int endOffset,
    NBestEntry.Kind kind,
    double pipelineScore) {

  /** A span candidate; its score is the float32 sum of the two scores, as numpy computes it. */
  static Candidate span(
      float startScore, float endScore, int startOffset, int endOffset, double pipelineScore) {
    return new Candidate(
        startScore + endScore,
        startScore,
        endScore,
        startOffset,
        endOffset,
        NBestEntry.Kind.SPAN,
        pipelineScore);
  }

  /** The null answer, scored by the logits at the CLS token. */
  static Candidate nullAnswer(float startScore, float endScore, double pipelineScore) {
    return new Candidate(
        startScore + endScore,
        startScore,
        endScore,
        0,
        0,
        NBestEntry.Kind.NO_ANSWER,
        pipelineScore);
  }

  /** The placeholder with both scores {@code score}; not an answer, so its probability is 0. */
  static Candidate placeholder(float score) {
    return new Candidate(score + score, score, score, -1, -1, NBestEntry.Kind.PLACEHOLDER, 0);
  }

  /** This candidate with another pipeline score. */
  Candidate withPipelineScore(double value) {
    return new Candidate(score, startScore, endScore, startOffset, endOffset, kind, value);
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
