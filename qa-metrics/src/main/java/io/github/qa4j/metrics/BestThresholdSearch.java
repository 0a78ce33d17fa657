package io.github.qa4j.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code find_best_thresh} of {@code evaluate-v2.0.py}: start as if every question were predicted
 * unanswerable, then lower the threshold past one question at a time in increasing order of
 * no-answer probability, keeping the first running score that beats the best so far.
 */
final class BestThresholdSearch {

  private BestThresholdSearch() {}

  static SquadV2Result.BestThresholds search(
      List<QuestionScore> questions, Map<String, String> predictions, Map<String, Double> naProbs) {
    Map<String, QuestionScore> predicted = new HashMap<>(questions.size() * 2);
    double startScore = 0;
    for (QuestionScore q : questions) {
      if (!q.missing()) {
        predicted.put(q.id(), q);
        if (!q.answerable()) {
          startScore++;
        }
      }
    }
    // sorted(na_probs, key=na_probs.get): a stable sort of the ids in map order. Python's float
    // "<" holds -0.0 and 0.0 equal, where Double.compare would not.
    List<Map.Entry<String, Double>> order = new ArrayList<>(naProbs.entrySet());
    order.sort((a, b) -> a.getValue() < b.getValue() ? -1 : (a.getValue() > b.getValue() ? 1 : 0));
    double[] exact = best(order, predicted, predictions, startScore, true);
    double[] f1 = best(order, predicted, predictions, startScore, false);
    int total = questions.size();
    return new SquadV2Result.BestThresholds(
        100.0 * exact[0] / total, exact[1], 100.0 * f1[0] / total, f1[1]);
  }

  /** Returns {best score, its threshold}. */
  private static double[] best(
      List<Map.Entry<String, Double>> order,
      Map<String, QuestionScore> predicted,
      Map<String, String> predictions,
      double startScore,
      boolean exact) {
    double score = startScore;
    double bestScore = score;
    double bestThresh = 0.0;
    for (Map.Entry<String, Double> entry : order) {
      QuestionScore q = predicted.get(entry.getKey());
      if (q == null) {
        continue;
      }
      double diff;
      if (q.answerable()) {
        diff = exact ? q.rawExact() : q.rawF1();
      } else {
        // The raw predicted text decides, not its normalization: " " costs a point here.
        diff = predictions.get(q.id()).isEmpty() ? 0 : -1;
      }
      score += diff;
      if (score > bestScore) {
        bestScore = score;
        bestThresh = entry.getValue();
      }
    }
    return new double[] {bestScore, bestThresh};
  }
}
