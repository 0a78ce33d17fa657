package io.github.qa4j.core.train;

import com.google.gson.GsonBuilder;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.PredictionFiles;
import io.github.qa4j.core.decode.ScoreKind;
import io.github.qa4j.core.inference.DecodingOptions;
import io.github.qa4j.core.inference.WindowPredictor;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadMetric;
import io.github.qa4j.metrics.SquadResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluation as {@code run_qa.py} does it: windows, forward, decoding, SQuAD metrics, files. */
final class Evaluation {

  private final QaTrainer trainer;
  private final List<TrainingListener> listeners;

  Evaluation(QaTrainer trainer, List<TrainingListener> listeners) {
    this.trainer = trainer;
    this.listeners = listeners;
  }

  EvalResult run(Iterable<QaExample> examples) throws IOException {
    TrainingConfig config = trainer.config();
    List<QaExample> list = new ArrayList<>();
    examples.forEach(list::add);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no evaluation examples");
    }
    DecodingOptions decoding =
        new DecodingOptions(
            config.nBestSize(),
            config.maxAnswerLength(),
            config.versionTwoWithNegative(),
            config.nullScoreDiffThreshold(),
            false);
    WindowPredictor predictor =
        new WindowPredictor(
            trainer.model(), trainer.featurizer(), decoding, config.evalBatchSize());
    long[] windows = new long[1];
    List<Prediction> predictions =
        predictor.predict(
            list,
            (done, total) -> {
              windows[0] = total;
              listeners.forEach(l -> l.onEvaluationProgress(done, total));
              return done;
            });

    Map<String, List<String>> gold = new LinkedHashMap<>();
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, Double> naProbs = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      QaExample example = list.get(i);
      Prediction prediction = predictions.get(i);
      gold.put(example.id(), example.answers().stream().map(Answer::text).toList());
      answers.put(example.id(), prediction.text());
      // run_qa.py reports no-answer probability 0 for every question; the beam-search recipe
      // passes the null odds of the answerability head.
      naProbs.put(
          example.id(),
          config.head() == HeadType.BEAM_SEARCH && prediction.nullOdds() != null
              ? prediction.nullOdds().doubleValue()
              : 0.0);
    }
    SquadResult scores =
        config.versionTwoWithNegative()
            ? SquadEvaluator.evaluate(SquadMetric.SQUAD_V2, gold, answers, naProbs, 1.0)
            : SquadEvaluator.evaluate(SquadMetric.SQUAD, gold, answers, null, 1.0);
    Map<String, Object> metrics = new LinkedHashMap<>();
    scores.toMap().forEach((k, v) -> metrics.put("eval_" + k, v));
    metrics.put("eval_samples", windows[0]);
    EvalResult result = new EvalResult(metrics, predictions);
    if (config.outputDir() != null) {
      PredictionFiles.write(
          config.outputDir(),
          "eval",
          config.head() == HeadType.SPAN ? ScoreKind.LOGITS : ScoreKind.LOG_PROBS,
          predictions);
      AtomicFiles.writeString(
          config.outputDir().resolve("eval_results.json"),
          new GsonBuilder().setPrettyPrinting().create().toJson(metrics) + "\n");
    }
    return result;
  }
}
