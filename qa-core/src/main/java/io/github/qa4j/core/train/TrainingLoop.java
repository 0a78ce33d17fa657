package io.github.qa4j.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.ExitGuard;
import io.github.qa4j.core.model.Columns;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.core.train.optim.AdamW;
import io.github.qa4j.core.train.optim.LearningRateSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training run of a {@link QaTrainer}: the step loop (forward, backward, {@link
 * GradientClipping}, the {@link AdamW} step), logging, and {@link Checkpoints}. Batches come from a
 * {@link BatchPlan}.
 */
final class TrainingLoop {

  private final QaTrainer trainer;
  private final TrainingConfig config;
  private final QaModel model;
  private final List<Device> devices;
  private final List<TrainingListener> listeners;
  private final AtomicBoolean cancelled;
  private final Strategies strategies;
  private final List<TrainerState.EvalEntry> evalHistory = new ArrayList<>();
  private Path bestCheckpoint;
  private Double bestMetric;
  private Double unsavedBest;

  TrainingLoop(QaTrainer trainer, List<TrainingListener> listeners, AtomicBoolean cancelled) {
    this.trainer = trainer;
    this.config = trainer.config();
    this.model = trainer.model();
    this.devices = trainer.devices();
    this.listeners = listeners;
    this.cancelled = cancelled;
    this.strategies = config.strategies();
  }

  TrainResult run(
      Iterable<QaExample> examples,
      Iterable<QaExample> validation,
      Path resumeFrom,
      Path tokenizerFile)
      throws IOException {
    List<QaFeature> features = new ArrayList<>();
    long exampleCount = trainer.featurizer().featurizeAll(examples, features::add).examples();
    if (features.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    BatchPlan plan = BatchPlan.of(config, features.size(), devices.size());
    int[] groupLengths =
        config.groupByLength()
            ? features.stream().mapToInt(QaFeature::attendedLength).toArray()
            : null;
    TrainerState resumed = resumeFrom == null ? null : TrainerState.read(resumeFrom);
    long startStep = resumed == null ? 0 : resumed.globalStep();
    List<TrainingListener.LogEntry> log =
        new ArrayList<>(resumed == null ? List.of() : resumed.logHistory());
    if (resumed != null) {
      evalHistory.addAll(resumed.evalHistory());
      bestCheckpoint =
          resumed.bestModelCheckpoint() == null ? null : Path.of(resumed.bestModelCheckpoint());
      bestMetric = resumed.bestMetric();
    }
    listeners.forEach(
        l ->
            l.onTrainBegin(
                new TrainingListener.TrainBegin(
                    exampleCount, features.size(), plan.totalSteps(), startStep, devices.size())));

    Map<String, Parameter> parameters = model.namedParameters();
    for (Parameter p : parameters.values()) {
      if (!p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    Engine engine = model.manager().getEngine();
    LearningRateSchedule schedule =
        config.schedule().create(config.optimizer().learningRate(), plan.totalSteps());

    if (config.bf16()) {
      model.useMixedPrecisionTraining(config.precisionFallback());
    }
    List<Double> stepLosses = new ArrayList<>();
    long started = System.nanoTime();
    long windowsSeen = 0;
    long step = startStep;
    try (NDManager runManager = engine.newBaseManager(devices.get(0));
        AdamW optimizer = AdamW.forNamedParameters(runManager, parameters, config.optimizer())) {
      if (resumeFrom != null) {
        Checkpoints.loadOptimizer(resumeFrom, optimizer);
      }
      ParameterStore store = new ParameterStore(runManager, false);
      store.setParameterServer(optimizer, devices.toArray(Device[]::new));
      double intervalLoss = 0;
      long intervalSteps = 0;
      int[] order = null;
      while (step < plan.totalSteps() && !cancelled.get()) {
        engine.setRandomSeed(dropoutSeed(config.seed(), step));
        if (order == null || step % plan.stepsPerEpoch() == 0) {
          order = plan.order(step / plan.stepsPerEpoch(), config.seed(), groupLengths);
        }
        List<List<QaFeature>> microBatches = plan.microBatches(order, features, step);
        int stepWindows = microBatches.stream().mapToInt(List::size).sum();
        double lr = schedule.learningRate(step);
        double[] lossAndNorm = step(store, engine, optimizer, microBatches, stepWindows, lr);
        double loss = lossAndNorm[0];
        double gradNorm = lossAndNorm[1];
        step++;
        windowsSeen += stepWindows;
        stepLosses.add(loss);
        intervalLoss += loss;
        intervalSteps++;
        double epoch = (double) step / plan.stepsPerEpoch();
        double rate = windowsSeen / ((System.nanoTime() - started) / 1e9);
        long s = step;
        listeners.forEach(
            l ->
                l.onStepEnd(
                    new TrainingListener.StepEnd(
                        s, plan.totalSteps(), epoch, loss, lr, gradNorm, rate)));
        if (logDue(step, plan)) {
          TrainingListener.LogEntry entry =
              new TrainingListener.LogEntry(
                  step, epoch, intervalLoss / intervalSteps, lr, gradNorm);
          log.add(entry);
          listeners.forEach(l -> l.onLog(entry));
          intervalLoss = 0;
          intervalSteps = 0;
        }
        if (validation != null
            && strategies.evaluation().due(step, plan.stepsPerEpoch(), plan.totalSteps())) {
          evaluate(validation, step, epoch);
        }
        if (config.outputDir() != null && saveDue(step, plan)) {
          save(step, plan, log, tokenizerFile, optimizer);
        }
      }
    }
    if (strategies.loadBestModelAtEnd() && bestCheckpoint != null && !cancelled.get()) {
      Checkpoints.loadWeights(bestCheckpoint, model);
    }
    double runtime = (System.nanoTime() - started) / 1e9;
    double meanLoss =
        stepLosses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    TrainResult result =
        new TrainResult(
            step,
            meanLoss,
            runtime,
            windowsSeen / Math.max(runtime, 1e-9),
            features.size(),
            stepLosses,
            cancelled.get());
    if (config.outputDir() != null) {
      Checkpoints.saveModel(model, config.outputDir(), tokenizerFile);
      TrainingArguments.write(
          config.outputDir(), TrainingArguments.of(config, trainer.arguments()));
      state(step, plan, log).write(config.outputDir());
      writeTrainResults(result, (double) step / plan.stepsPerEpoch());
      ModelCard.write(config.outputDir());
    }
    return result;
  }

  /**
   * One optimizer step: forward and backward over the micro-batches, clipping and the update.
   * Returns the step's loss and the gradients' global norm before clipping. The JVM's exit waits
   * for a step in progress (see {@link ExitGuard}).
   */
  @SuppressWarnings("try") // the section is held for the block's duration, not used in it
  private double[] step(
      ParameterStore store,
      Engine engine,
      AdamW optimizer,
      List<List<QaFeature>> microBatches,
      int stepWindows,
      double lr) {
    try (ExitGuard.Section section = ExitGuard.section()) {
      double loss = 0;
      try (GradientCollector collector = engine.newGradientCollector()) {
        for (List<QaFeature> micro : microBatches) {
          loss += forwardBackward(store, collector, micro, stepWindows);
        }
      }
      double gradNorm =
          GradientClipping.clip(
              store, model.namedParameters().values(), devices, config.maxGradNorm());
      optimizer.prepareStep(lr);
      store.updateAllParameters();
      return new double[] {loss, gradNorm};
    }
  }

  /** Forward and backward of one micro-batch, split over the devices; returns its loss share. */
  private double forwardBackward(
      ParameterStore store, GradientCollector collector, List<QaFeature> micro, int stepWindows) {
    double loss = 0;
    int perDevice = (micro.size() + devices.size() - 1) / devices.size();
    for (int d = 0; d < devices.size(); d++) {
      int from = d * perDevice;
      int to = Math.min(micro.size(), from + perDevice);
      if (from >= to) {
        break;
      }
      List<QaFeature> chunk = micro.subList(from, to);
      try (NDManager scope = store.getManager().newSubManager(devices.get(d))) {
        // Dynamic padding pads to the longest window exactly, as transformers' collator does.
        Columns columns =
            config.padToMaxLength()
                ? Columns.all(chunk.get(0).length())
                : Columns.spanning(chunk, 1);
        QaBatch batch = QaBatch.of(scope, chunk, true, columns);
        // Weighting each device's mean loss by its share gives the mean over the whole step,
        // which is what averaging gradients over equal per-device batches computes.
        NDArray weighted =
            Scalars.mul(model.loss(store, batch, true), (double) chunk.size() / stepWindows);
        collector.backward(weighted);
        loss += weighted.getFloat();
      }
    }
    return loss;
  }

  private static int dropoutSeed(long seed, long step) {
    long h = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextLong();
    return (int) (h ^ (h >>> 32)) & Integer.MAX_VALUE;
  }

  private boolean logDue(long step, BatchPlan plan) {
    if (strategies.loggingFirstStep() && step == 1) {
      return true;
    }
    return strategies.logging().strategy() != IntervalStrategy.NO
        && (strategies.logging().due(step, plan.stepsPerEpoch(), plan.totalSteps())
            || step == plan.totalSteps());
  }

  /** As transformers: by the strategy, and at the end of a run that saves by steps. */
  private boolean saveDue(long step, BatchPlan plan) {
    Interval saving = strategies.saving();
    return saving.due(step, plan.stepsPerEpoch(), plan.totalSteps())
        || (saving.strategy() == IntervalStrategy.STEPS && step == plan.totalSteps());
  }

  /** Evaluates on the validation set; logs the metrics and notes a new best. */
  private void evaluate(Iterable<QaExample> validation, long step, double epoch)
      throws IOException {
    EvalResult result;
    try {
      result = trainer.evaluateDuringTraining(validation);
    } catch (CancellationException e) {
      return; // cancel() during the evaluation: the loop stops before the next step
    }
    evalHistory.add(TrainerState.EvalEntry.of(step, epoch, result.metrics()));
    listeners.forEach(l -> l.onEvaluate(result));
    if (strategies.tracksBest()) {
      double value = result.metric(strategies.metricForBestModel());
      if (strategies.isBetter(value, bestMetric)) {
        unsavedBest = value;
      }
    }
  }

  /**
   * Writes a checkpoint, which becomes the best one when the evaluation just before it was better
   * than every earlier one, and deletes the checkpoints beyond {@code save_total_limit}.
   */
  private void save(
      long step,
      BatchPlan plan,
      List<TrainingListener.LogEntry> log,
      Path tokenizerFile,
      AdamW optimizer)
      throws IOException {
    if (unsavedBest != null) {
      bestMetric = unsavedBest;
      bestCheckpoint = Checkpoints.directory(config.outputDir(), step);
      unsavedBest = null;
    }
    Path dir =
        Checkpoints.write(
            config.outputDir(),
            model,
            tokenizerFile,
            optimizer,
            state(step, plan, log),
            TrainingArguments.of(config, trainer.arguments()));
    listeners.forEach(l -> l.onCheckpoint(dir));
    Checkpoints.rotate(config.outputDir(), strategies.saveTotalLimit(), bestCheckpoint);
  }

  private TrainerState state(long step, BatchPlan plan, List<TrainingListener.LogEntry> log) {
    return new TrainerState(
        step,
        (double) step / plan.stepsPerEpoch(),
        plan.totalSteps(),
        config.epochs(),
        config.seed(),
        log,
        evalHistory,
        bestCheckpoint == null ? null : bestCheckpoint.toString(),
        bestMetric);
  }

  private void writeTrainResults(TrainResult result, double epoch) throws IOException {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("epoch", epoch);
    // A run with no step left to take (a resumed finished run) has no loss: written as null.
    metrics.put("train_loss", result.trainingLoss());
    metrics.put("train_runtime", result.runtimeSeconds());
    metrics.put("train_samples", result.trainSamples());
    metrics.put("train_samples_per_second", result.samplesPerSecond());
    metrics.put(
        "train_steps_per_second",
        result.stepLosses().size() / Math.max(result.runtimeSeconds(), 1e-9));
    ResultFiles.save(config.outputDir(), "train", metrics);
  }
}
