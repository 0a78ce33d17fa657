package io.github.qa4j.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQuAD v1.1 metric ({@code evaluate-v1.1.py}).
 *
 * @param exactMatch the percentage of questions whose prediction matches a gold answer exactly
 * @param f1 the mean over questions of the best F1 against any gold answer, in percent
 * @param total the number of gold questions (missing predictions included, scored 0)
 * @param questions the per-question scores, in gold order
 * @param coverage missing and unknown predictions
 */
public record SquadV1Result(
    double exactMatch, double f1, int total, List<QuestionScore> questions, Coverage coverage)
    implements SquadResult {

  /** Copies the question list. */
  public SquadV1Result {
    questions = List.copyOf(questions);
  }

  @Override
  public SquadMetric metric() {
    return SquadMetric.SQUAD;
  }

  /** {@code exact_match} and {@code f1}, as the official script prints them. */
  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("exact_match", exactMatch);
    map.put("f1", f1);
    return map;
  }
}
