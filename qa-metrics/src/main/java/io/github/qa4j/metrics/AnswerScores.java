package io.github.qa4j.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact match and token F1 of one predicted answer against one gold answer, as the official scripts
 * compute them on {@link AnswerNormalizer normalized} tokens.
 *
 * <p>The two scripts differ only when a side has no tokens: {@code evaluate-v1.1.py} gives F1 0
 * then (no common token), {@code evaluate-v2.0.py} gives 1 when both sides are empty (a correct "no
 * answer") and 0 otherwise. Both compute F1 in double precision in the same order as here, so the
 * values are bit for bit those of Python.
 */
public final class AnswerScores {

  private AnswerScores() {}

  /** 1 when the normalized answers are equal, else 0 (both scripts). */
  public static int exactMatch(String prediction, String gold) {
    return AnswerNormalizer.tokens(prediction).equals(AnswerNormalizer.tokens(gold)) ? 1 : 0;
  }

  /** Token F1 as {@code evaluate-v1.1.py}'s {@code f1_score}: 0 when either side is empty. */
  public static double f1V1(String prediction, String gold) {
    return f1V1(AnswerNormalizer.tokens(prediction), AnswerNormalizer.tokens(gold));
  }

  /**
   * Token F1 as {@code evaluate-v2.0.py}'s {@code compute_f1}: 1 when both sides are empty, 0 when
   * one is.
   */
  public static double f1V2(String prediction, String gold) {
    return f1V2(AnswerNormalizer.tokens(prediction), AnswerNormalizer.tokens(gold));
  }

  static double f1V1(List<String> predictionTokens, List<String> goldTokens) {
    return tokenF1(predictionTokens, goldTokens);
  }

  static double f1V2(List<String> predictionTokens, List<String> goldTokens) {
    if (predictionTokens.isEmpty() || goldTokens.isEmpty()) {
      return predictionTokens.equals(goldTokens) ? 1 : 0;
    }
    return tokenF1(predictionTokens, goldTokens);
  }

  /** F1 over the multiset intersection, in the scripts' order of operations. */
  private static double tokenF1(List<String> predictionTokens, List<String> goldTokens) {
    int same = commonCount(predictionTokens, goldTokens);
    if (same == 0) {
      return 0;
    }
    double precision = 1.0 * same / predictionTokens.size();
    double recall = 1.0 * same / goldTokens.size();
    return (2 * precision * recall) / (precision + recall);
  }

  /** {@code sum((Counter(a) & Counter(b)).values())}. */
  private static int commonCount(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>(a.size() * 2);
    for (String token : a) {
      counts.merge(token, 1, Integer::sum);
    }
    int same = 0;
    for (String token : b) {
      Integer left = counts.get(token);
      if (left != null && left > 0) {
        same++;
        counts.put(token, left - 1);
      }
    }
    return same;
  }
}
