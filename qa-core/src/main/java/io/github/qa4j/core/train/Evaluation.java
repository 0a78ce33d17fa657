package io.github.qa4j.core.train;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.PredictionWriter;
import io.github.qa4j.core.inference.PredictionProgress;
import io.github.qa4j.core.inference.WindowPredictor;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadMetric;
import io.github.qa4j.metrics.SquadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Evaluation and prediction as {@code run_qa.py} does them: windows, forward, decoding, SQuAD
 * metrics, files.
 */
final class Evaluation {

  /** The stage of an evaluation on the validation set. */
  static final String EVAL = "eval";

  /** The stage of a prediction on the test set. */
  static final String PREDICT = "predict";

  private final QaTrainer trainer;
  private final List<TrainingListener> listeners;
  private final AtomicBoolean cancelled;

  Evaluation(QaTrainer trainer, List<TrainingListener> listeners, AtomicBoolean cancelled) {
    this.trainer = trainer;
    this.listeners = listeners;
    this.cancelled = cancelled;
  }

  /**
   * Predicts and scores {@code examples}.
   *
   * @param stage {@code eval} or {@code predict}: the prefix of the metrics and of the files
   * @param writeFiles whether the predictions and {@code <stage>_results.json} go to the output
   *     directory (evaluations during training write none)
   */
  EvalResult run(Iterable<QaExample> examples, String stage, boolean writeFiles)
      throws IOException {
    TrainingConfig config = trainer.config();
    List<QaExample> list = new ArrayList<>();
    examples.forEach(list::add);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no " + stage + " examples");
    }
    WindowPredictor predictor =
        new WindowPredictor(
            trainer.model(),
            trainer.featurizer(),
            config.decoding(),
            config.evalBatchSize(),
            config.padToMaxLength());
    long[] windows = new long[1];
    List<Prediction> predictions;
    // Low precision converts the current weights for this evaluation only: training goes on in
    // float32 (or in mixed precision, which converts nothing).
    boolean convert = config.precision() != Precision.FLOAT32;
    if (convert) {
      trainer.model().usePrecision(config.precision(), config.precisionFallback());
    }
    try {
      predictions =
          predictor.predict(
              list,
              new PredictionProgress() {
                @Override
                public void windowsDone(long done, long total) {
                  windows[0] = total;
                  listeners.forEach(l -> l.onEvaluationProgress(done, total));
                }

                @Override
                public boolean cancelled() {
                  return cancelled.get();
                }
              });
    } finally {
      if (convert && config.bf16()) {
        trainer.model().useMixedPrecisionTraining(config.precisionFallback());
      } else if (convert) {
        trainer.model().usePrecision(Precision.FLOAT32, false);
      }
    }

    Map<String, List<String>> gold = new LinkedHashMap<>();
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, Double> naProbs = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      QaExample example = list.get(i);
      Prediction prediction = predictions.get(i);
      gold.put(example.id(), example.answers().stream().map(Answer::text).toList());
      answers.put(example.id(), prediction.text());
      naProbs.put(
          example.id(),
          trainer.model().headType().nullOddsAsNoAnswerProbability()
                  && prediction.nullOdds() != null
              ? prediction.nullOdds().doubleValue()
              : 0.0);
    }
    // A test file without answers (as --do_predict may read) has nothing to score against.
    boolean scored = stage.equals(EVAL) || list.stream().anyMatch(e -> !e.answers().isEmpty());
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (scored) {
      SquadResult scores =
          config.decoding().allowNoAnswer()
              ? SquadEvaluator.evaluate(SquadMetric.SQUAD_V2, gold, answers, naProbs, 1.0)
              : SquadEvaluator.evaluate(SquadMetric.SQUAD, gold, answers, null, 1.0);
      scores.toMap().forEach((k, v) -> metrics.put(stage + "_" + k, v));
    }
    metrics.put(stage + "_samples", windows[0]);
    EvalResult result = new EvalResult(metrics, predictions);
    if (writeFiles && config.outputDir() != null) {
      PredictionWriter.write(
          config.outputDir(), stage, trainer.model().headType().scoreKind(), predictions);
      if (scored) {
        ResultFiles.save(config.outputDir(), stage, metrics);
      }
      if (!Files.exists(config.outputDir().resolve(TrainingArguments.FILE))) {
        // An evaluation-only run records its settings; after training, the training's stay.
        TrainingArguments.write(
            config.outputDir(), TrainingArguments.of(config, trainer.arguments()));
      }
      if (stage.equals(EVAL) && trainer.trained()) {
        // The final evaluation joins the log of the run it evaluates, unless the run evaluated
        // at its last step already (an evaluation strategy): the same weights, the same metrics.
        TrainerState state = TrainerState.read(config.outputDir());
        if (state.evalHistory().stream().noneMatch(e -> e.step() == state.globalStep())) {
          state
              .withEvaluation(TrainerState.EvalEntry.of(state.globalStep(), state.epoch(), metrics))
              .write(config.outputDir());
        }
      }
      ModelCard.write(config.outputDir());
    }
    return result;
  }
}
