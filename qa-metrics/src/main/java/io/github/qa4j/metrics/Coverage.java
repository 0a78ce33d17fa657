package io.github.qa4j.metrics;

import java.util.List;

/**
 * How the predictions matched the gold questions. The official v1.1 script scores a missing
 * prediction 0 and the v2.0 script crashes on one; here it scores 0 and is listed. Predictions for
 * ids that are not gold questions are ignored (as in both scripts) and listed.
 *
 * @param missingPredictions gold question ids without a prediction, in gold order
 * @param unknownPredictions predicted ids that are not gold questions, in prediction order
 */
public record Coverage(List<String> missingPredictions, List<String> unknownPredictions) {
  /** Copies the lists. */
  public Coverage {
    missingPredictions = List.copyOf(missingPredictions);
    unknownPredictions = List.copyOf(unknownPredictions);
  }

  /** Whether every gold question had a prediction and every prediction a gold question. */
  public boolean complete() {
    return missingPredictions.isEmpty() && unknownPredictions.isEmpty();
  }
}
