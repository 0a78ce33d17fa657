package io.github.qa4j.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.ModelSource;
import io.github.qa4j.core.model.QaBuilder;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.core.train.optim.ScheduleOptions;
import io.github.qa4j.core.train.optim.SchedulerType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fine-tunes and evaluates an extractive question-answering model, as transformers' {@code
 * run_qa.py} (span head) and {@code run_qa_beam_search.py} (beam-search head) do.
 *
 * <pre>{@code
 * List<QaExample> trainExamples = SquadReader.strict().read(Path.of("train.json")).examples();
 * List<QaExample> devExamples = SquadReader.strict().read(Path.of("dev.json")).examples();
 * try (QaTrainer trainer = QaTrainer.builder()
 *     .model("bert-base-uncased").maxSeqLength(384).stride(128)
 *     .batchSize(12).learningRate(3e-5).epochs(2).outputDir(Path.of("runs/bert")).build()) {
 *   trainer.train(trainExamples);
 *   EvalResult result = trainer.evaluate(devExamples);
 * }
 * }</pre>
 *
 * <p>Made to be embedded: examples come from any {@link Iterable}, progress goes to {@link
 * TrainingListener}s, {@link #cancel()} stops a run between steps, and {@link #close()} frees every
 * native resource. Nothing is global except the engine's random seed, which each step sets from the
 * trainer's seed so that dropout is reproducible and resumable. After training, {@code
 * QuestionAnswerer.builder().model(trainer.model(), tokenizerJson)} answers with the trained model
 * without saving it.
 */
public final class QaTrainer implements AutoCloseable {

  /** Training windows per device per micro-batch by default ({@code run_qa.py}'s 8). */
  public static final int DEFAULT_BATCH_SIZE = 8;

  private final TrainingConfig config;
  private final ModelSource.Opened opened;
  private final Featurizer featurizer;
  private final List<Device> devices;
  private final List<TrainingListener> listeners;
  private final Path resumeFrom;
  private final Map<String, Object> arguments;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile boolean trained;

  private QaTrainer(
      TrainingConfig config, Builder b, ModelSource.Opened opened, Featurizer featurizer) {
    this.config = config;
    this.opened = opened;
    this.featurizer = featurizer;
    this.devices = List.copyOf(b.devices);
    this.listeners = List.copyOf(b.listeners);
    this.resumeFrom = b.resumeFrom;
    this.arguments = ImmutableMap.copyOf(b.arguments);
  }

  /** Starts a builder with transformers' defaults; the model comes first. */
  public static ModelStep builder() {
    return new ModelStep();
  }

  /** The settings of this trainer. */
  public TrainingConfig config() {
    return config;
  }

  /** The model being trained; owned by the trainer unless it was given in memory. */
  public QaModel model() {
    return opened.model();
  }

  /** The {@code tokenizer.json} the windows are cut with. */
  public Path tokenizerFile() {
    return opened.tokenizer();
  }

  /** The featurizer that cuts windows for this model; shared by training and evaluation. */
  public Featurizer featurizer() {
    return featurizer;
  }

  /**
   * Trains on {@code examples}. With an output directory, writes checkpoints as the {@link
   * Strategies} say, then the model with {@code tokenizer_config.json}, {@code
   * special_tokens_map.json} and {@code training_args.json}, {@code train_results.json} (merged
   * into {@code all_results.json}), {@code trainer_state.json} and the model card {@code
   * README.md}.
   *
   * @throws IllegalArgumentException when the strategies evaluate during training: give the
   *     validation examples with {@link #train(Iterable, Iterable)}
   */
  public TrainResult train(Iterable<QaExample> examples) throws IOException {
    return train(examples, null);
  }

  /**
   * Trains on {@code examples} and evaluates on {@code validation} when the {@link Strategies} say
   * ({@code eval_strategy}): each evaluation goes to the listeners' {@link
   * TrainingListener#onEvaluate} and to {@code trainer_state.json}'s {@code log_history}, and
   * decides the best checkpoint when one is tracked.
   *
   * @param validation the evaluation questions; null when the strategies never evaluate
   */
  public TrainResult train(Iterable<QaExample> examples, Iterable<QaExample> validation)
      throws IOException {
    if (config.strategies().evaluation().strategy() != IntervalStrategy.NO && validation == null) {
      throw new IllegalArgumentException(
          "eval_strategy "
              + config.strategies().evaluation().strategy().flagValue()
              + " evaluates during training: give the validation examples");
    }
    cancelled.set(false);
    TrainResult result =
        new TrainingLoop(this, listeners, cancelled)
            .run(examples, validation, resumeFrom, opened.tokenizer());
    trained = true;
    listeners.forEach(l -> l.onTrainEnd(result));
    return result;
  }

  /**
   * Featurizes, runs the model, decodes and scores {@code examples}; returns transformers' {@code
   * eval_*} metrics. With an output directory, writes {@code eval_results.json} (merged into {@code
   * all_results.json}), the prediction files, {@code training_args.json} and the model card {@code
   * README.md}; after {@link #train}, the evaluation also joins {@code trainer_state.json}'s {@code
   * log_history} at the last step.
   *
   * @throws java.util.concurrent.CancellationException when {@link #cancel()} stops it
   */
  public EvalResult evaluate(Iterable<QaExample> examples) throws IOException {
    cancelled.set(false);
    EvalResult result =
        new Evaluation(this, listeners, cancelled).run(examples, Evaluation.EVAL, true);
    listeners.forEach(l -> l.onEvaluate(result));
    return result;
  }

  /**
   * Predicts answers for {@code examples}, as {@code run_qa.py --do_predict} does for the test set.
   * With an output directory, writes {@code predict_predictions.json}, {@code
   * predict_nbest_predictions.json} (and {@code predict_null_odds.json} for SQuAD v2) and, when the
   * examples have answers, {@code predict_results.json}; the metrics have the {@code predict_}
   * prefix and hold only {@code predict_samples} when there is nothing to score.
   *
   * @throws java.util.concurrent.CancellationException when {@link #cancel()} stops it
   */
  public EvalResult predict(Iterable<QaExample> examples) throws IOException {
    cancelled.set(false);
    return new Evaluation(this, listeners, cancelled).run(examples, Evaluation.PREDICT, true);
  }

  /** An evaluation during training: metrics only, no files. */
  EvalResult evaluateDuringTraining(Iterable<QaExample> examples) throws IOException {
    return new Evaluation(this, listeners, cancelled).run(examples, Evaluation.EVAL, false);
  }

  /**
   * Asks a running {@link #train} to stop after the current step, or a running {@link #evaluate}
   * before its next forward pass.
   */
  public void cancel() {
    cancelled.set(true);
  }

  List<Device> devices() {
    return devices;
  }

  /** What the caller recorded for {@code training_args.json} beyond the settings. */
  Map<String, Object> arguments() {
    return arguments;
  }

  /** Whether {@link #train} has run, so that evaluations belong in its trainer state. */
  boolean trained() {
    return trained;
  }

  @Override
  public void close() {
    featurizer.close();
    opened.close();
  }

  /** The first step of a builder: where the model comes from. */
  public static final class ModelStep {
    private ModelStep() {}

    /**
     * Pretrained weights: a local directory, a Hub name such as {@code bert-base-uncased}, or
     * {@code maven:GROUP:ARTIFACT:VERSION}. A head missing from the checkpoint is initialized.
     */
    public Builder model(String nameOrPath) {
      return new Builder(new ModelSource.Named(nameOrPath, null));
    }

    /**
     * Random initialization from a Hugging Face {@code config.json} object (no weights), as {@code
     * --config_name} without {@code --model_name_or_path}.
     */
    public Builder modelConfig(JsonObject config, Path tokenizerJson) {
      return new Builder(new ModelSource.RandomInit(config, tokenizerJson));
    }

    /**
     * A model in memory, trained further in place; the caller keeps ownership and closes it after
     * the trainer.
     */
    public Builder model(QaModel model, Path tokenizerJson) {
      return new Builder(new ModelSource.InMemory(model, tokenizerJson));
    }
  }

  /** Fluent configuration of a {@link QaTrainer}; the model is already chosen. */
  public static final class Builder extends QaBuilder<Builder> {
    private AdamWOptions optimizer = AdamWOptions.DEFAULTS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int evalBatchSize = DEFAULT_BATCH_SIZE;
    private double maxGradNorm = 1.0;
    private boolean bf16;
    private boolean groupByLength;
    private double epochs = 3;
    private long maxSteps;
    private ScheduleOptions schedule = ScheduleOptions.DEFAULTS;
    private int gradientAccumulationSteps = 1;
    private long seed = QaModels.DEFAULT_SEED;
    private Strategies strategies = Strategies.DEFAULTS;
    private Path outputDir;
    private Path resumeFrom;
    private final List<Device> devices = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final Map<String, Object> arguments = new TreeMap<>();

    private Builder(ModelSource source) {
      // run_qa.py trains the span head; run_qa_beam_search.py sets the beam-search head.
      super(source, HeadType.SPAN);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * bf16 mixed-precision training, as transformers' {@code --bf16}: bfloat16 matrix products on
     * the float32 parameters, which get float32 gradients (false).
     */
    public Builder bf16(boolean value) {
      this.bf16 = value;
      return this;
    }

    /**
     * Groups training windows of like length into batches, as transformers' {@code
     * --group_by_length} (false): with dynamic padding ({@link #padToMaxLength} false) batches then
     * hold little padding, so an epoch computes less.
     */
    public Builder groupByLength(boolean value) {
      this.groupByLength = value;
      return this;
    }

    /** AdamW's settings ({@link AdamWOptions#DEFAULTS}). */
    public Builder optimizer(AdamWOptions value) {
      this.optimizer = Objects.requireNonNull(value, "optimizer");
      return this;
    }

    /** Peak learning rate ({@link AdamWOptions#DEFAULTS}). */
    public Builder learningRate(double value) {
      this.optimizer = optimizer.toBuilder().learningRate(value).build();
      return this;
    }

    /** Training windows per device per micro-batch ({@value QaTrainer#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Evaluation windows per device per batch ({@value QaTrainer#DEFAULT_BATCH_SIZE}). */
    public Builder evalBatchSize(int value) {
      this.evalBatchSize = value;
      return this;
    }

    /** Global gradient-norm clipping threshold (1.0); 0 disables clipping. */
    public Builder maxGradNorm(double value) {
      this.maxGradNorm = value;
      return this;
    }

    /** Passes over the training windows (3); may be fractional. */
    public Builder epochs(double value) {
      this.epochs = value;
      return this;
    }

    /** When positive, the number of optimizer steps, overriding {@link #epochs}. */
    public Builder maxSteps(long value) {
      this.maxSteps = value;
      return this;
    }

    /** The learning-rate schedule ({@link ScheduleOptions#DEFAULTS}). */
    public Builder schedule(ScheduleOptions value) {
      this.schedule = Objects.requireNonNull(value, "schedule");
      return this;
    }

    /** The shape of the learning-rate schedule ({@link SchedulerType#LINEAR}). */
    public Builder scheduler(SchedulerType value) {
      this.schedule = schedule.withType(value);
      return this;
    }

    /** Fraction of the steps used for warmup ({@link ScheduleOptions#DEFAULTS}). */
    public Builder warmupRatio(double value) {
      this.schedule = schedule.withWarmupRatio(value);
      return this;
    }

    /** Optimizer steps of warmup; overrides {@link #warmupRatio} when positive. */
    public Builder warmupSteps(long value) {
      this.schedule = schedule.withWarmupSteps(value);
      return this;
    }

    /** Micro-batches per optimizer step (1). */
    public Builder gradientAccumulationSteps(int value) {
      this.gradientAccumulationSteps = value;
      return this;
    }

    /** Seed of initialization, data order and dropout ({@value QaModels#DEFAULT_SEED}). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * When to log, evaluate and save, and which checkpoint to keep ({@link Strategies#DEFAULTS}).
     */
    public Builder strategies(Strategies value) {
      this.strategies = Objects.requireNonNull(value, "strategies");
      return this;
    }

    /** Steps between loss-log entries ({@link Strategies#DEFAULTS}). */
    public Builder loggingSteps(long value) {
      Preconditions.checkArgument(value > 0, "logging_steps must be > 0, got %s", value);
      this.strategies = strategies.toBuilder().logging(Interval.everySteps(value)).build();
      return this;
    }

    /**
     * Steps between checkpoints, written when there is an output directory ({@link
     * Strategies#DEFAULTS}); 0 writes none.
     */
    public Builder saveSteps(long value) {
      Preconditions.checkArgument(value >= 0, "save_steps must be >= 0, got %s", value);
      this.strategies =
          strategies.toBuilder()
              .saving(value == 0 ? Interval.NEVER : Interval.everySteps(value))
              .build();
      return this;
    }

    /** Where the model, checkpoints, results and predictions go; none by default. */
    public Builder outputDir(Path value) {
      this.outputDir = value;
      return this;
    }

    /**
     * Resumes from a checkpoint directory written by an earlier run with the same settings: its
     * weights replace the model source's.
     */
    public Builder resumeFrom(Path checkpoint) {
      this.resumeFrom = checkpoint;
      return this;
    }

    /** Devices the batch is split over; defaults to every device the engine reports. */
    public Builder devices(Device... value) {
      this.devices.clear();
      this.devices.addAll(List.of(value));
      return this;
    }

    /**
     * Records what the trainer cannot know for {@code training_args.json} and the model card {@code
     * README.md} in the output directory, under transformers' names: for example {@code
     * model_name_or_path}, {@code train_file}, {@code do_train}. Values are strings, numbers or
     * booleans; a name the trainer writes itself ({@code learning_rate}) is replaced.
     *
     * @throws IllegalArgumentException for a value of another type
     */
    public Builder arguments(Map<String, ?> values) {
      values.forEach(
          (k, v) ->
              Preconditions.checkArgument(
                  v instanceof String || v instanceof Number || v instanceof Boolean,
                  "argument %s: a string, number or boolean, got %s",
                  k,
                  v));
      this.arguments.putAll(values);
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /** The settings as they stand, checked. */
    public TrainingConfig config() {
      return new TrainingConfig(
          head(),
          windows(),
          decoding(),
          optimizer,
          schedule,
          batchSize,
          evalBatchSize,
          padToMaxLength(),
          groupByLength,
          precision(),
          bf16,
          precisionFallback(),
          maxGradNorm,
          epochs,
          maxSteps,
          gradientAccumulationSteps,
          seed,
          strategies,
          outputDir);
    }

    /** Loads or creates the model and the tokenizer; fails early on bad settings. */
    public QaTrainer build() throws IOException {
      TrainingConfig checked = config();
      if (devices.isEmpty()) {
        devices.addAll(List.of(Engine.getInstance().getDevices()));
      }
      ModelSource resumed = null;
      if (resumeFrom != null) {
        Path tokenizer =
            source() instanceof ModelSource.Named n && n.tokenizer() != null
                ? n.tokenizer()
                : resumeFrom.resolve("tokenizer.json");
        resumed = new ModelSource.Named(resumeFrom.toString(), tokenizer);
      }
      ModelSource.Opened opened = open(resumed, checked.seed(), devices.get(0));
      Featurizer featurizer = opened.featurizer(checked.windows());
      return new QaTrainer(checked, this, opened, featurizer);
    }
  }
}
