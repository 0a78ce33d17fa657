package io.github.qa4j.core.decode;

/**
 * What the two scores of an {@link NBestEntry} are, which names them in {@code
 * nbest_predictions.json} as Hugging Face names them.
 */
public enum ScoreKind {
  /** Start and end logits of a span head ({@link SpanDecoder}). */
  LOGITS("start_logit", "end_logit"),
  /**
   * The start and end probabilities of a beam-search head ({@link BeamSearchDecoder}), under the
   * keys Hugging Face gives them ({@code start_log_prob}, although they are probabilities).
   */
  PROBS("start_log_prob", "end_log_prob");

  private final String startKey;
  private final String endKey;

  ScoreKind(String startKey, String endKey) {
    this.startKey = startKey;
    this.endKey = endKey;
  }

  /** The JSON key of the start score. */
  public String startKey() {
    return startKey;
  }

  /** The JSON key of the end score. */
  public String endKey() {
    return endKey;
  }
}
