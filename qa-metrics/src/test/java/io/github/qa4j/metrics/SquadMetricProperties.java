package io.github.qa4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of issue 3, over answers built to overlap and to hit the tricky characters. */
class SquadMetricProperties {

  /** Words, articles, punctuation, Python-only whitespace, marks, sigma, non-BMP letters. */
  private static final List<String> PIECES =
      List.of(
          "a",
          "an",
          "the",
          "The",
          "AN",
          "paris",
          "Paris",
          "x",
          "y",
          "1",
          "2000",
          " ",
          "  ",
          "\t",
          "\u00a0",
          "\u2007",
          "\u0085",
          "\u3000",
          ".",
          ",",
          "-",
          "'",
          "_",
          "(",
          "\u2019",
          "\u2014",
          "\u0301",
          "\u00ad",
          "\u03a3",
          "\u0130",
          "\ud801\udc00",
          "\ud835\udfcf",
          "\u00e9t\u00e9",
          "\u00df");

  @Provide
  Arbitrary<String> answers() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.of(PIECES),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(2),
            Arbitraries.strings().withCharRange('\u0370', '\u03ff').ofLength(1));
    return piece.list().ofMaxSize(8).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<Map<String, List<String>>> gold() {
    Arbitrary<List<String>> answerLists = answers().list().ofMaxSize(3);
    return answerLists
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(
            lists -> {
              Map<String, List<String>> gold = new LinkedHashMap<>();
              for (int i = 0; i < lists.size(); i++) {
                gold.put("q" + i, lists.get(i));
              }
              return gold;
            });
  }

  record Case(
      Map<String, List<String>> gold,
      Map<String, String> predictions,
      Map<String, Double> naProbs) {}

  @Provide
  Arbitrary<Case> cases() {
    return gold()
        .flatMap(
            gold -> {
              int n = gold.size();
              Arbitrary<List<String>> preds = answers().list().ofSize(n);
              Arbitrary<List<Boolean>> present =
                  Arbitraries.of(true, true, true, false).list().ofSize(n);
              Arbitrary<List<Double>> probs =
                  Arbitraries.of(0.0, 0.25, 0.5, 0.75, 1.0).list().ofSize(n);
              return Combinators.combine(preds, present, probs)
                  .as(
                      (p, keep, na) -> {
                        Map<String, String> predictions = new LinkedHashMap<>();
                        Map<String, Double> naProbs = new LinkedHashMap<>();
                        int i = 0;
                        for (String id : gold.keySet()) {
                          if (keep.get(i)) {
                            predictions.put(id, p.get(i));
                          }
                          naProbs.put(id, na.get(i));
                          i++;
                        }
                        predictions.put("unknown", "x");
                        return new Case(gold, predictions, naProbs);
                      });
            });
  }

  @Property(tries = 300)
  void v2ScoresLieBetweenZeroAndHundred(
      @ForAll("cases") Case c, @ForAll("thresholds") double thresh) {
    SquadV2Result r = SquadEvaluator.evaluateV2(c.gold(), c.predictions(), c.naProbs(), thresh);
    for (Map.Entry<String, Object> e : r.toMap().entrySet()) {
      if (e.getValue() instanceof Double d && !e.getKey().endsWith("_thresh")) {
        assertThat(d).as(e.getKey()).isBetween(0.0, 100.0);
      }
    }
    assertThat(r.all().total()).isEqualTo(c.gold().size());
  }

  @Provide
  Arbitrary<Double> thresholds() {
    return Arbitraries.of(0.0, 0.3, 0.5, 1.0);
  }

  @Property(tries = 300)
  void v1ScoresLieBetweenZeroAndHundred(@ForAll("cases") Case c) {
    Map<String, List<String>> answerable = new LinkedHashMap<>();
    c.gold()
        .forEach((id, answers) -> answerable.put(id, answers.isEmpty() ? List.of(id) : answers));
    SquadV1Result r = SquadEvaluator.evaluateV1(answerable, c.predictions());
    assertThat(r.exactMatch()).isBetween(0.0, 100.0);
    assertThat(r.f1()).isBetween(0.0, 100.0);
  }

  @Property(tries = 300)
  void v2ExactMatchImpliesFullF1(@ForAll("cases") Case c) {
    SquadV2Result r = SquadEvaluator.evaluateV2(c.gold(), c.predictions(), c.naProbs(), 0.5);
    for (QuestionScore q : r.questions()) {
      if (q.exact() == 1) {
        assertThat(q.f1()).as(q.id()).isEqualTo(1.0);
      }
      if (q.rawExact() == 1) {
        assertThat(q.rawF1()).as(q.id()).isEqualTo(1.0);
      }
    }
  }

  /**
   * In v1 the implication holds whenever the matched gold answer has tokens; when both sides
   * normalize to nothing the official v1 F1 is 0 (see AnswerScoresTest).
   */
  @Property
  void v1ExactMatchImpliesFullF1WhenTheGoldHasTokens(
      @ForAll("answers") String prediction, @ForAll("answers") String gold) {
    if (AnswerScores.exactMatch(prediction, gold) == 1
        && !AnswerNormalizer.tokens(gold).isEmpty()) {
      assertThat(AnswerScores.f1V1(prediction, gold)).isEqualTo(1.0);
    }
  }

  @Property
  void normalizationIsIdempotent(@ForAll("answers") String s) {
    String once = AnswerNormalizer.normalize(s);
    assertThat(AnswerNormalizer.normalize(once)).isEqualTo(once);
  }

  @Property
  void asciiFastPathAgreesWithTheGeneralAlgorithm(@ForAll("asciiAnswers") String s) {
    assertThat(AnswerNormalizer.asciiTokens(s)).isEqualTo(AnswerNormalizer.unicodeTokens(s));
  }

  @Provide
  Arbitrary<String> asciiAnswers() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.of("a", "an", "the", "A", "An", "THE", "x", "a.n", "t-he", "_", " ", "\t"),
            Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMinLength(1).ofMaxLength(3));
    return piece.list().ofMaxSize(10).map(parts -> String.join("", parts));
  }

  @Property
  void normalizationIsIdempotentOnAnyString(@ForAll String s) {
    String once = AnswerNormalizer.normalize(s);
    assertThat(AnswerNormalizer.normalize(once)).isEqualTo(once);
  }

  @Property
  void f1IsSymmetricForOneGoldAnswer(@ForAll("answers") String a, @ForAll("answers") String b) {
    assertThat(AnswerScores.f1V1(a, b)).isEqualTo(AnswerScores.f1V1(b, a));
    assertThat(AnswerScores.f1V2(a, b)).isEqualTo(AnswerScores.f1V2(b, a));
    double v1 = SquadEvaluator.evaluateV1(Map.of("q", List.of(b)), Map.of("q", a)).f1();
    double v1Swapped = SquadEvaluator.evaluateV1(Map.of("q", List.of(a)), Map.of("q", b)).f1();
    assertThat(v1).isEqualTo(v1Swapped);
    double v2 = SquadEvaluator.evaluateV2(Map.of("q", List.of(b)), Map.of("q", a)).all().f1();
    double v2Swapped =
        SquadEvaluator.evaluateV2(Map.of("q", List.of(a)), Map.of("q", b)).all().f1();
    assertThat(v2).isEqualTo(v2Swapped);
  }
}
