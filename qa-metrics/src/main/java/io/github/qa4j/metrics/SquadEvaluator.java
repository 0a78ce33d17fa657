package io.github.qa4j.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQuAD v1.1 and v2.0 evaluators, with the semantics of the official scripts {@code
 * evaluate-v1.1.py} and {@code evaluate-v2.0.py} and the same floating-point operations in the same
 * order, so the numbers are bit for bit those of the scripts under Python 3.11. (Python 3.12 made
 * {@code sum()} of floats compensated, which can change the last digits of the v2.0 script's means;
 * its best-threshold scores are running sums and do not change.) Sorting follows Python's float
 * comparison, in which -0.0 equals 0.0 ({@link Double#compare} orders them).
 *
 * <p>Inputs: gold answers per question id, in file order (iteration order is summation order; use a
 * {@link java.util.LinkedHashMap}), where an empty list marks an unanswerable question (v2.0);
 * predicted text per id; and for v2.0 optionally no-answer probabilities per id, whose iteration
 * order breaks ties when thresholds are searched (the file order, as in Python's stable sort).
 *
 * <p>Sturdier than the scripts, and otherwise equal to them:
 *
 * <ul>
 *   <li>A missing prediction scores 0 (exact and F1, whatever its question and the threshold), is
 *       counted in {@code total} and listed in {@link Coverage}. The v1.1 script does the same; the
 *       v2.0 script crashes. The best-threshold search then starts from the unanswerable questions
 *       that have a prediction and divides by all questions.
 *   <li>Predictions for ids that are not gold questions are ignored and listed.
 *   <li>No-answer probabilities must cover every predicted gold question (the v2.0 script crashes
 *       with a {@code KeyError} otherwise); probabilities for other ids are ignored, as there.
 * </ul>
 */
public final class SquadEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(SquadEvaluator.class);

  private SquadEvaluator() {}

  /**
   * Evaluates with the given metric.
   *
   * @param naProbs no-answer probabilities, or {@code null}; only for {@link SquadMetric#SQUAD_V2}
   * @param naProbThresh the no-answer threshold (v2.0; the official default is 1.0)
   */
  public static SquadResult evaluate(
      SquadMetric metric,
      Map<String, List<String>> gold,
      Map<String, String> predictions,
      Map<String, Double> naProbs,
      double naProbThresh) {
    return switch (metric) {
      case SQUAD -> {
        if (naProbs != null) {
          throw new IllegalArgumentException(
              "no-answer probabilities need the squad_v2 metric, not squad");
        }
        yield evaluateV1(gold, predictions);
      }
      case SQUAD_V2 -> evaluateV2(gold, predictions, naProbs, naProbThresh);
    };
  }

  /**
   * The SQuAD v1.1 metric: for each question the best exact match and the best F1 over its gold
   * answers (all of them, not filtered), averaged over all questions.
   *
   * @throws IllegalArgumentException when there are no gold questions or a question has no gold
   *     answer (use {@link #evaluateV2} for data with unanswerable questions)
   */
  public static SquadV1Result evaluateV1(
      Map<String, List<String>> gold, Map<String, String> predictions) {
    requireQuestions(gold, predictions);
    int exactSum = 0;
    double f1Sum = 0;
    List<QuestionScore> questions = new ArrayList<>(gold.size());
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : gold.entrySet()) {
      String id = entry.getKey();
      List<String> answers = entry.getValue();
      checkArgument(
          !answers.isEmpty(),
          "question '%s' has no gold answer; the squad (v1.1) metric needs one for every"
              + " question, use squad_v2 for data with unanswerable questions",
          id);
      String prediction = predictions.get(id);
      int exact = 0;
      double f1 = 0;
      if (prediction == null) {
        missing.add(id);
      } else {
        List<String> predicted = AnswerNormalizer.tokens(prediction);
        for (String answer : answers) {
          List<String> goldTokens = AnswerNormalizer.tokens(answer);
          exact = Math.max(exact, predicted.equals(goldTokens) ? 1 : 0);
          f1 = Math.max(f1, AnswerScores.f1V1(predicted, goldTokens));
        }
      }
      exactSum += exact;
      f1Sum += f1;
      questions.add(
          new QuestionScore(
              id, true, prediction == null, exact, f1, exact, f1, OptionalDouble.empty(), false));
    }
    int total = gold.size();
    return logged(
        new SquadV1Result(
            100.0 * exactSum / total,
            100.0 * f1Sum / total,
            total,
            questions,
            new Coverage(missing, unknownIds(gold, predictions))));
  }

  /** The SQuAD v2.0 metric without no-answer probabilities (no {@code best_*} keys). */
  public static SquadV2Result evaluateV2(
      Map<String, List<String>> gold, Map<String, String> predictions) {
    return evaluateV2(gold, predictions, null, 1.0);
  }

  /**
   * The SQuAD v2.0 metric. Gold answers that normalize to nothing are dropped; a question left
   * without any (an unanswerable one included) has the single gold answer "". A question whose
   * no-answer probability exceeds {@code naProbThresh} scores 1 if it is unanswerable and 0
   * otherwise. Without probabilities every one is 0.0, as in the official script, and there are no
   * {@code best_*} keys.
   *
   * @param naProbs no-answer probabilities per id, or {@code null}
   * @param naProbThresh the threshold; the official default is 1.0
   * @throws IllegalArgumentException when there are no gold questions, the threshold is NaN, or a
   *     predicted gold question has no (or a NaN) no-answer probability
   */
  public static SquadV2Result evaluateV2(
      Map<String, List<String>> gold,
      Map<String, String> predictions,
      Map<String, Double> naProbs,
      double naProbThresh) {
    requireQuestions(gold, predictions);
    checkArgument(!Double.isNaN(naProbThresh), "no-answer threshold is NaN");
    List<QuestionScore> questions = new ArrayList<>(gold.size());
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : gold.entrySet()) {
      String id = entry.getKey();
      boolean answerable = !entry.getValue().isEmpty();
      String prediction = predictions.get(id);
      if (prediction == null) {
        missing.add(id);
        questions.add(
            new QuestionScore(id, answerable, true, 0, 0, 0, 0, naProb(naProbs, id, false), false));
        continue;
      }
      List<String> predicted = AnswerNormalizer.tokens(prediction);
      int exact = 0;
      double f1 = 0;
      boolean anyGold = false;
      for (String answer : entry.getValue()) {
        List<String> goldTokens = AnswerNormalizer.tokens(answer);
        if (!goldTokens.isEmpty()) {
          anyGold = true;
          exact = Math.max(exact, predicted.equals(goldTokens) ? 1 : 0);
          f1 = Math.max(f1, AnswerScores.f1V2(predicted, goldTokens));
        }
      }
      if (!anyGold) {
        exact = predicted.isEmpty() ? 1 : 0;
        f1 = AnswerScores.f1V2(predicted, List.of());
      }
      OptionalDouble naProb = naProb(naProbs, id, true);
      double probability = naProb.orElse(0.0);
      boolean abstained = probability > naProbThresh;
      double counted = answerable ? 0.0 : 1.0;
      questions.add(
          new QuestionScore(
              id,
              answerable,
              false,
              abstained ? counted : exact,
              abstained ? counted : f1,
              exact,
              f1,
              naProb,
              abstained));
    }
    Optional<SquadV2Result.BestThresholds> best =
        naProbs == null
            ? Optional.empty()
            : Optional.of(BestThresholdSearch.search(questions, predictions, naProbs));
    return logged(
        new SquadV2Result(
            group(questions, null),
            optionalGroup(questions, true),
            optionalGroup(questions, false),
            best,
            questions,
            new Coverage(missing, unknownIds(gold, predictions))));
  }

  private static <R extends SquadResult> R logged(R result) {
    if (LOG.isDebugEnabled()) {
      Coverage coverage = result.coverage();
      LOG.debug(
          "{} over {} questions ({} without a prediction, {} predictions for unknown ids): {}",
          result.metric(),
          result.questions().size(),
          coverage.missingPredictions().size(),
          coverage.unknownPredictions().size(),
          result.toMap());
    }
    return result;
  }

  private static OptionalDouble naProb(Map<String, Double> naProbs, String id, boolean required) {
    if (naProbs == null) {
      return OptionalDouble.empty();
    }
    Double p = naProbs.get(id);
    if (p == null) {
      if (required) {
        throw new IllegalArgumentException("no no-answer probability for question '" + id + "'");
      }
      return OptionalDouble.empty();
    }
    if (p.isNaN()) {
      throw new IllegalArgumentException("no-answer probability of question '" + id + "' is NaN");
    }
    return OptionalDouble.of(p);
  }

  private static Optional<SquadV2Result.Group> optionalGroup(
      List<QuestionScore> questions, boolean answerable) {
    boolean any = questions.stream().anyMatch(q -> q.answerable() == answerable);
    return any ? Optional.of(group(questions, answerable)) : Optional.empty();
  }

  /** {@code make_eval_dict}: sums in gold order, then {@code 100.0 * sum / total}. */
  private static SquadV2Result.Group group(List<QuestionScore> questions, Boolean answerable) {
    double exact = 0;
    double f1 = 0;
    int total = 0;
    for (QuestionScore q : questions) {
      if (answerable == null || q.answerable() == answerable) {
        exact += q.exact();
        f1 += q.f1();
        total++;
      }
    }
    return new SquadV2Result.Group(100.0 * exact / total, 100.0 * f1 / total, total);
  }

  private static void requireQuestions(
      Map<String, List<String>> gold, Map<String, String> predictions) {
    Objects.requireNonNull(gold, "gold");
    Objects.requireNonNull(predictions, "predictions");
    checkArgument(!gold.isEmpty(), "no gold questions to evaluate");
  }

  private static List<String> unknownIds(
      Map<String, List<String>> gold, Map<String, String> predictions) {
    List<String> unknown = new ArrayList<>();
    for (String id : predictions.keySet()) {
      if (!gold.containsKey(id)) {
        unknown.add(id);
      }
    }
    return unknown;
  }
}
