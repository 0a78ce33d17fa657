package io.github.qa4j.core.decode;

import io.github.qa4j.core.features.QaFeature;

/**
 * The probabilities of transformers' {@code question-answering} pipeline: per window, a softmax of
 * the start (or end) logits over the tokens that may be an answer's start (or end) or the null
 * answer, the window's context tokens and its CLS token.
 */
final class PipelineScores {

  private PipelineScores() {}

  /**
   * {@code log(sum(exp(logits[i])))} over the window's context tokens and its CLS token, computed
   * stably in double precision. The pipeline sets the other logits to -10000 before its softmax; an
   * {@code exp(-10000 - max)} adds nothing to the sum in float32 or float64.
   */
  static double logNormalizer(QaFeature window, float[] logits) {
    int cls = window.clsIndex();
    int n = Math.min(window.length(), logits.length);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (i == cls || window.isContext(i)) {
        max = Math.max(max, logits[i]);
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (i == cls || window.isContext(i)) {
        sum += Math.exp(logits[i] - max);
      }
    }
    return max + Math.log(sum);
  }

  /** The start probability times the end probability, from the logits and their normalizers. */
  static double probability(float startLogit, double startNorm, float endLogit, double endNorm) {
    return Math.min(1, Math.exp((startLogit - startNorm) + (endLogit - endNorm)));
  }
}
