package io.github.qa4j.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQuAD v2.0 metric ({@code evaluate-v2.0.py}).
 *
 * @param all the scores over all gold questions ({@code exact}, {@code f1}, {@code total})
 * @param hasAns the scores over answerable questions, absent when there are none (as the official
 *     script leaves out the {@code HasAns_} keys then)
 * @param noAns the scores over unanswerable questions, absent when there are none
 * @param best the best thresholds, present when no-answer probabilities were given
 * @param questions the per-question scores, in gold order
 * @param coverage missing and unknown predictions
 */
public record SquadV2Result(
    Group all,
    Optional<Group> hasAns,
    Optional<Group> noAns,
    Optional<BestThresholds> best,
    List<QuestionScore> questions,
    Coverage coverage)
    implements SquadResult {

  /**
   * Scores over a group of questions.
   *
   * @param exact the exact-match percentage
   * @param f1 the mean F1 in percent
   * @param total the number of questions in the group
   */
  public record Group(double exact, double f1, int total) {}

  /**
   * The best scores over all no-answer thresholds, as {@code find_best_thresh} computes them.
   *
   * @param exact the best exact-match percentage ({@code best_exact})
   * @param exactThresh the threshold that gives it ({@code best_exact_thresh})
   * @param f1 the best F1 percentage ({@code best_f1})
   * @param f1Thresh the threshold that gives it ({@code best_f1_thresh})
   */
  public record BestThresholds(double exact, double exactThresh, double f1, double f1Thresh) {}

  /** Copies the question list. */
  public SquadV2Result {
    questions = List.copyOf(questions);
  }

  @Override
  public SquadMetric metric() {
    return SquadMetric.SQUAD_V2;
  }

  /** The official keys in the official order; groups and best thresholds only when present. */
  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    putGroup(map, "", all);
    hasAns.ifPresent(g -> putGroup(map, "HasAns_", g));
    noAns.ifPresent(g -> putGroup(map, "NoAns_", g));
    best.ifPresent(
        b -> {
          map.put("best_exact", b.exact());
          map.put("best_exact_thresh", b.exactThresh());
          map.put("best_f1", b.f1());
          map.put("best_f1_thresh", b.f1Thresh());
        });
    return map;
  }

  private static void putGroup(Map<String, Object> map, String prefix, Group group) {
    map.put(prefix + "exact", group.exact());
    map.put(prefix + "f1", group.f1());
    map.put(prefix + "total", group.total());
  }
}
