package io.github.qa4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SquadEvaluatorTest {

  /** Builds an ordered map from alternating keys and values. */
  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> map(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (V) kv[i + 1]);
    }
    return m;
  }

  @Test
  void v1TakesTheBestGoldAnswerForEachScoreSeparately() {
    Map<String, List<String>> gold = map("q1", List.of("Paris", "the city of Paris"));
    Map<String, String> pred = map("q1", "city of Paris, France");
    SquadV1Result r = SquadEvaluator.evaluateV1(gold, pred);
    // F1 against "city of paris" (3 of 4 predicted tokens, 3 of 3 gold) beats "paris" (1/4, 1/1).
    double p = 3.0 / 4;
    assertThat(r.f1()).isEqualTo(100.0 * ((2 * p * 1.0) / (p + 1.0)) / 1);
    assertThat(r.exactMatch()).isZero();
    assertThat(r.toMap()).containsOnlyKeys("exact_match", "f1");
    assertThat(r.toMap().keySet()).containsExactly("exact_match", "f1");
  }

  @Test
  void missingPredictionsScoreZeroAndAreListedUnknownOnesIgnored() {
    Map<String, List<String>> gold = map("q1", List.of("x"), "q2", List.of("y"));
    Map<String, String> pred = map("q1", "x", "zz", "y");
    SquadV1Result v1 = SquadEvaluator.evaluateV1(gold, pred);
    assertThat(v1.exactMatch()).isEqualTo(50.0);
    assertThat(v1.total()).isEqualTo(2);
    assertThat(v1.coverage().missingPredictions()).containsExactly("q2");
    assertThat(v1.coverage().unknownPredictions()).containsExactly("zz");
    assertThat(v1.coverage().complete()).isFalse();
    assertThat(v1.questions().get(1).missing()).isTrue();

    SquadV2Result v2 = SquadEvaluator.evaluateV2(gold, pred);
    assertThat(v2.all().exact()).isEqualTo(50.0);
    assertThat(v2.all().total()).isEqualTo(2);
    assertThat(v2.coverage()).isEqualTo(v1.coverage());
  }

  @Test
  void v1RejectsAQuestionWithoutGoldAnswers() {
    assertThatThrownBy(() -> SquadEvaluator.evaluateV1(map("q9", List.of()), map("q9", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("q9")
        .hasMessageContaining("squad_v2");
    assertThatThrownBy(() -> SquadEvaluator.evaluateV1(map(), map()))
        .hasMessageContaining("no gold questions");
  }

  @Test
  void v2GroupsAndKeysFollowTheOfficialScript() {
    Map<String, List<String>> gold =
        map("a1", List.of("red"), "n1", List.of(), "a2", List.of("blue sky"));
    Map<String, String> pred = map("a1", "red", "n1", "", "a2", "sky");
    SquadV2Result r = SquadEvaluator.evaluateV2(gold, pred);
    assertThat(r.toMap().keySet())
        .containsExactly(
            "exact",
            "f1",
            "total",
            "HasAns_exact",
            "HasAns_f1",
            "HasAns_total",
            "NoAns_exact",
            "NoAns_f1",
            "NoAns_total");
    double f1Sky = (2 * 1.0 * 0.5) / 1.5;
    assertThat(r.all().exact()).isEqualTo(100.0 * 2 / 3);
    assertThat(r.all().f1()).isEqualTo(100.0 * (1 + 1 + f1Sky) / 3);
    assertThat(r.hasAns().orElseThrow().f1()).isEqualTo(100.0 * (1 + f1Sky) / 2);
    assertThat(r.noAns().orElseThrow()).isEqualTo(new SquadV2Result.Group(100.0, 100.0, 1));
    assertThat(r.best()).isEmpty();
    // With only answerable questions there are no NoAns_ keys, as in the script.
    SquadV2Result onlyAnswerable = SquadEvaluator.evaluateV2(map("a1", List.of("red")), pred);
    assertThat(onlyAnswerable.toMap()).doesNotContainKey("NoAns_total").containsKey("HasAns_total");
  }

  @Test
  void v2GoldAnswersThatNormalizeToNothingBecomeTheEmptyAnswer() {
    // "The" normalizes to "": the gold list becomes [""], yet the question stays answerable.
    Map<String, List<String>> gold = map("q", List.of("The", "..."));
    SquadV2Result empty = SquadEvaluator.evaluateV2(gold, map("q", "a"));
    assertThat(empty.all().exact()).isEqualTo(100.0);
    assertThat(empty.all().f1()).isEqualTo(100.0);
    assertThat(empty.hasAns()).isPresent();
    assertThat(empty.noAns()).isEmpty();
    // v1 does not filter: exact match 1 but F1 0 (no common token).
    SquadV1Result v1 = SquadEvaluator.evaluateV1(gold, map("q", "a"));
    assertThat(v1.exactMatch()).isEqualTo(100.0);
    assertThat(v1.f1()).isZero();
  }

  @Test
  void thresholdTurnsConfidentNoAnswersIntoAbstentions() {
    Map<String, List<String>> gold = map("a", List.of("x"), "n", List.of());
    Map<String, String> pred = map("a", "x", "n", "wrong");
    Map<String, Double> na = map("a", 0.2, "n", 0.8);
    assertThat(SquadEvaluator.evaluateV2(gold, pred, na, 1.0).all().exact()).isEqualTo(50.0);
    // Only "n" is above 0.5: it abstains, which is right for an unanswerable question.
    assertThat(SquadEvaluator.evaluateV2(gold, pred, na, 0.5).all().exact()).isEqualTo(100.0);
    // Both abstain: the answerable one scores 0, the unanswerable one 1.
    SquadV2Result low = SquadEvaluator.evaluateV2(gold, pred, na, 0.1);
    assertThat(low.all().exact()).isEqualTo(50.0);
    assertThat(low.hasAns().orElseThrow().exact()).isZero();
    assertThat(low.noAns().orElseThrow().f1()).isEqualTo(100.0);
    assertThat(low.questions().get(0).abstained()).isTrue();
    assertThat(low.questions().get(0).rawExact()).isOne();
    assertThat(low.questions().get(0).naProb()).hasValue(0.2);
    // Equal to the threshold is not above it.
    assertThat(SquadEvaluator.evaluateV2(gold, pred, na, 0.2).hasAns().orElseThrow().exact())
        .isEqualTo(100.0);
    // Without probabilities every one is 0.0: a negative threshold makes all abstain.
    SquadV2Result negative = SquadEvaluator.evaluateV2(gold, pred, null, -0.5);
    assertThat(negative.all().exact()).isEqualTo(50.0);
    assertThat(negative.noAns().orElseThrow().exact()).isEqualTo(100.0);
    assertThat(negative.best()).isEmpty();
  }

  @Test
  void bestThresholdWalksIdsInProbabilityOrderWithTiesInMapOrder() {
    Map<String, List<String>> gold =
        map("a1", List.of("x"), "a2", List.of("y"), "n1", List.of(), "n2", List.of());
    Map<String, String> pred = map("a1", "x", "a2", "wrong", "n1", "", "n2", "z");
    // Sorted: n1 (0.1), a1 (0.2), a2 (0.2), n2 (0.7). Start: 2 (both no-answers right).
    // n1: +0 (empty prediction) = 2; a1: +1 = 3 -> best at 0.2; a2: +0 = 3; n2: -1 = 2.
    Map<String, Double> na = map("a2", 0.2, "n2", 0.7, "a1", 0.2, "n1", 0.1, "other", 0.0);
    SquadV2Result r = SquadEvaluator.evaluateV2(gold, pred, na, 1.0);
    SquadV2Result.BestThresholds best = r.best().orElseThrow();
    assertThat(best.exact()).isEqualTo(75.0);
    assertThat(best.exactThresh()).isEqualTo(0.2);
    assertThat(r.toMap().keySet())
        .endsWith("best_exact", "best_exact_thresh", "best_f1", "best_f1_thresh");
  }

  @Test
  void bestThresholdKeepsTheFirstOfEqualRunningScores() {
    Map<String, List<String>> gold = map("a1", List.of("x"), "a2", List.of("y"), "n", List.of());
    Map<String, String> pred = map("a1", "x", "a2", "y", "n", "z");
    // Order: a1 (0.1): 1+1 = 2 -> best 0.1; n (0.2): 1; a2 (0.3): 2, not greater -> stays 0.1.
    Map<String, Double> na = map("a1", 0.1, "n", 0.2, "a2", 0.3);
    SquadV2Result.BestThresholds best =
        SquadEvaluator.evaluateV2(gold, pred, na, 1.0).best().orElseThrow();
    assertThat(best.exactThresh()).isEqualTo(0.1);
    assertThat(best.exact()).isEqualTo(100.0 * 2 / 3);
  }

  @Test
  void bestThresholdTreatsMinusZeroAndZeroAsEqualLikePython() {
    Map<String, List<String>> gold = map("a", List.of("x"), "n", List.of());
    Map<String, String> pred = map("a", "x", "n", "z");
    // Double.compare would put -0.0 first; Python's stable sort keeps map order: a, then n.
    Map<String, Double> na = map("a", 0.0, "n", -0.0);
    SquadV2Result.BestThresholds best =
        SquadEvaluator.evaluateV2(gold, pred, na, 1.0).best().orElseThrow();
    assertThat(best.exact()).isEqualTo(100.0);
    assertThat(Double.doubleToRawLongBits(best.exactThresh())).isEqualTo(0L); // +0.0 from "a"
  }

  @Test
  void bestThresholdLooksAtTheRawPredictionNotItsNormalization() {
    // " " normalizes to "" (exact 1 for an unanswerable question) but is a non-empty string,
    // which costs a point in find_best_thresh.
    Map<String, List<String>> gold = map("n", List.of());
    SquadV2Result r = SquadEvaluator.evaluateV2(gold, map("n", " "), map("n", 0.5), 1.0);
    assertThat(r.all().exact()).isEqualTo(100.0);
    assertThat(r.best().orElseThrow().exact()).isEqualTo(100.0); // start 1, then -1: best stays 1
    assertThat(r.best().orElseThrow().exactThresh()).isEqualTo(0.0);
  }

  @Test
  void bestThresholdWithMissingPredictionsCountsThemAsZero() {
    Map<String, List<String>> gold = map("a", List.of("x"), "n1", List.of(), "n2", List.of());
    Map<String, String> pred = map("a", "x", "n1", "");
    SquadV2Result r = SquadEvaluator.evaluateV2(gold, pred, map("a", 0.5, "n1", 0.5), 1.0);
    // n2 is missing: never right. Start 1 (n1), a: +1 = 2 of 3.
    assertThat(r.best().orElseThrow().exact()).isEqualTo(100.0 * 2 / 3);
    assertThat(r.all().exact()).isEqualTo(100.0 * 2 / 3);
  }

  @Test
  void naProbabilitiesMustCoverEveryPredictedQuestion() {
    Map<String, List<String>> gold = map("a", List.of("x"), "b", List.of());
    assertThatThrownBy(
            () -> SquadEvaluator.evaluateV2(gold, map("a", "x", "b", ""), map("a", 0.1), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'");
    assertThatThrownBy(() -> SquadEvaluator.evaluateV2(gold, map(), map(), Double.NaN))
        .hasMessageContaining("NaN");
  }

  @Test
  void evaluateDispatchesOnTheMetric() {
    Map<String, List<String>> gold = map("a", List.of("x"));
    Map<String, String> pred = map("a", "x");
    assertThat(SquadEvaluator.evaluate(SquadMetric.SQUAD, gold, pred, null, 1.0))
        .isInstanceOf(SquadV1Result.class);
    assertThat(SquadEvaluator.evaluate(SquadMetric.SQUAD_V2, gold, pred, null, 1.0).metric())
        .isEqualTo(SquadMetric.SQUAD_V2);
    assertThatThrownBy(
            () -> SquadEvaluator.evaluate(SquadMetric.SQUAD, gold, pred, map("a", 0.1), 1.0))
        .hasMessageContaining("squad_v2");
    assertThat(SquadMetric.fromId("SQuAD_v2")).isEqualTo(SquadMetric.SQUAD_V2);
    assertThatThrownBy(() -> SquadMetric.fromId("squad3")).hasMessageContaining("squad, squad_v2");
  }
}
