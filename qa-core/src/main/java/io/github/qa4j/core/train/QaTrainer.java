package io.github.qa4j.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.ModelFit;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fine-tunes and evaluates an extractive question-answering model, as transformers' {@code
 * run_qa.py} (span head) and {@code run_qa_beam_search.py} (beam-search head) do.
 *
 * <pre>{@code
 * try (QaTrainer trainer = QaTrainer.builder()
 *     .model("bert-base-uncased").maxSeqLength(384).stride(128)
 *     .batchSize(12).learningRate(3e-5).epochs(2).outputDir(dir).build()) {
 *   trainer.train(trainExamples);
 *   EvalResult result = trainer.evaluate(devExamples);
 * }
 * }</pre>
 *
 * <p>Made to be embedded: examples come from any {@link Iterable}, progress goes to {@link
 * TrainingListener}s, {@link #cancel()} stops a run between steps, and {@link #close()} frees every
 * native resource. Nothing is global except the engine's random seed, which each step sets from the
 * trainer's seed so that dropout is reproducible and resumable.
 */
public final class QaTrainer implements AutoCloseable {

  private final TrainingConfig config;
  private final QaModel model;
  private final Path tokenizerFile;
  private final Featurizer featurizer;
  private final List<Device> devices;
  private final List<TrainingListener> listeners;
  private final Path resumeFrom;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private QaTrainer(Builder b, QaModel model, Path tokenizerFile) throws IOException {
    this.config = b.config();
    this.model = model;
    this.tokenizerFile = tokenizerFile;
    this.featurizer =
        Featurizer.builder()
            .tokenizer(tokenizerFile)
            .maxSeqLength(config.maxSeqLength())
            .stride(config.stride())
            .layout(model.layout())
            .build();
    this.devices = List.copyOf(b.devices);
    this.listeners = List.copyOf(b.listeners);
    this.resumeFrom = b.resumeFrom;
  }

  /** A builder with transformers' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings of this trainer. */
  public TrainingConfig config() {
    return config;
  }

  /** The model being trained; owned by the trainer. */
  public QaModel model() {
    return model;
  }

  /** The featurizer that cuts windows for this model; shared by training and evaluation. */
  public Featurizer featurizer() {
    return featurizer;
  }

  /**
   * Trains on {@code examples}. With an output directory, writes checkpoints every {@code
   * saveSteps}, then the model, {@code train_results.json} and {@code trainer_state.json}.
   */
  public TrainResult train(Iterable<QaExample> examples) throws IOException {
    cancelled.set(false);
    TrainResult result =
        new TrainingLoop(this, listeners, cancelled).run(examples, resumeFrom, tokenizerFile);
    listeners.forEach(l -> l.onTrainEnd(result));
    return result;
  }

  /**
   * Featurizes, runs the model, decodes and scores {@code examples}; returns transformers' {@code
   * eval_*} metrics. With an output directory, writes {@code eval_results.json} and the prediction
   * files.
   */
  public EvalResult evaluate(Iterable<QaExample> examples) throws IOException {
    cancelled.set(false);
    EvalResult result = new Evaluation(this, listeners).run(examples);
    listeners.forEach(l -> l.onEvaluate(result));
    return result;
  }

  /** Asks a running {@link #train} or {@link #evaluate} to stop after the current step. */
  public void cancel() {
    cancelled.set(true);
  }

  List<Device> devices() {
    return devices;
  }

  @Override
  public void close() {
    featurizer.close();
    model.close();
  }

  /** Fluent configuration of a {@link QaTrainer}; defaults as in transformers. */
  public static final class Builder {
    private String modelName;
    private JsonObject modelConfig;
    private Path tokenizer;
    private HeadType head = HeadType.SPAN;
    private boolean versionTwoWithNegative;
    private int maxSeqLength = 384;
    private int stride = 128;
    private int batchSize = 8;
    private int evalBatchSize = 8;
    private double learningRate = 5e-5;
    private double weightDecay;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private double maxGradNorm = 1.0;
    private double epochs = 3;
    private long maxSteps;
    private double warmupRatio;
    private long warmupSteps;
    private int gradientAccumulationSteps = 1;
    private long seed = 42;
    private long loggingSteps = 500;
    private long saveSteps;
    private int nBestSize = 20;
    private int maxAnswerLength = 30;
    private double nullScoreDiffThreshold;
    private Path outputDir;
    private Path resumeFrom;
    private final List<Device> devices = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Pretrained weights: a local directory, a Hub name such as {@code bert-base-uncased}, or
     * {@code maven:GROUP:ARTIFACT:VERSION}. A head missing from the checkpoint is initialized.
     */
    public Builder model(String nameOrPath) {
      this.modelName = Objects.requireNonNull(nameOrPath);
      return this;
    }

    /** Random initialization from a Hugging Face {@code config.json} object (no weights). */
    public Builder modelConfig(JsonObject config) {
      this.modelConfig = Objects.requireNonNull(config);
      return this;
    }

    /** The {@code tokenizer.json}; defaults to the one in the model directory. */
    public Builder tokenizer(Path tokenizerJson) {
      this.tokenizer = tokenizerJson;
      return this;
    }

    /** Span head ({@code run_qa.py}) or beam-search head ({@code run_qa_beam_search.py}). */
    public Builder head(HeadType head) {
      this.head = Objects.requireNonNull(head);
      return this;
    }

    /** Whether questions may have no answer (SQuAD v2). */
    public Builder versionTwoWithNegative(boolean value) {
      this.versionTwoWithNegative = value;
      return this;
    }

    /** Window length in tokens (384). */
    public Builder maxSeqLength(int value) {
      this.maxSeqLength = value;
      return this;
    }

    /** Context tokens shared by consecutive windows (128). */
    public Builder stride(int value) {
      this.stride = value;
      return this;
    }

    /** Training windows per device per micro-batch (8). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Evaluation windows per device per batch (8). */
    public Builder evalBatchSize(int value) {
      this.evalBatchSize = value;
      return this;
    }

    /** Peak learning rate (5e-5). */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** Decoupled weight decay (0). */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** AdamW betas (0.9, 0.999). */
    public Builder adamBetas(double beta1, double beta2) {
      this.adamBeta1 = beta1;
      this.adamBeta2 = beta2;
      return this;
    }

    /** AdamW epsilon (1e-8). */
    public Builder adamEpsilon(double value) {
      this.adamEpsilon = value;
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

    /** Fraction of the steps used for linear warmup (0). */
    public Builder warmupRatio(double value) {
      this.warmupRatio = value;
      return this;
    }

    /** Optimizer steps of linear warmup; overrides {@link #warmupRatio} when positive. */
    public Builder warmupSteps(long value) {
      this.warmupSteps = value;
      return this;
    }

    /** Micro-batches per optimizer step (1). */
    public Builder gradientAccumulationSteps(int value) {
      this.gradientAccumulationSteps = value;
      return this;
    }

    /** Seed of initialization, data order and dropout (42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Steps between loss-log entries (500). */
    public Builder loggingSteps(long value) {
      this.loggingSteps = value;
      return this;
    }

    /** Steps between checkpoints; 0 (the default) writes none. */
    public Builder saveSteps(long value) {
      this.saveSteps = value;
      return this;
    }

    /** Candidates per question when decoding (20). */
    public Builder nBestSize(int value) {
      this.nBestSize = value;
      return this;
    }

    /** Longest answer in tokens (30). */
    public Builder maxAnswerLength(int value) {
      this.maxAnswerLength = value;
      return this;
    }

    /** Margin by which "no answer" must beat the best span (0.0). */
    public Builder nullScoreDiffThreshold(double value) {
      this.nullScoreDiffThreshold = value;
      return this;
    }

    /** Where the model, checkpoints, results and predictions go; none by default. */
    public Builder outputDir(Path value) {
      this.outputDir = value;
      return this;
    }

    /** Resumes from a checkpoint directory written by an earlier run with the same settings. */
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

    /** Adds a listener. */
    public Builder listener(TrainingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    TrainingConfig config() {
      return new TrainingConfig(
          head,
          versionTwoWithNegative,
          maxSeqLength,
          stride,
          batchSize,
          evalBatchSize,
          learningRate,
          weightDecay,
          adamBeta1,
          adamBeta2,
          adamEpsilon,
          maxGradNorm,
          epochs,
          maxSteps,
          warmupRatio,
          warmupSteps,
          gradientAccumulationSteps,
          seed,
          loggingSteps,
          saveSteps,
          nBestSize,
          maxAnswerLength,
          nullScoreDiffThreshold,
          outputDir);
    }

    /** Loads or creates the model and the tokenizer; fails early on bad settings. */
    public QaTrainer build() throws IOException {
      TrainingConfig checked = config();
      if ((modelName == null) == (modelConfig == null)) {
        throw new IllegalArgumentException("set exactly one of model(name) and modelConfig(json)");
      }
      if (devices.isEmpty()) {
        devices.addAll(List.of(Engine.getInstance().getDevices()));
      }
      Path modelDir = resumeFrom != null ? resumeFrom : null;
      if (modelDir == null && modelName != null) {
        modelDir = ModelResolver.defaults().resolve(modelName);
      }
      Path tokenizerFile = tokenizer;
      if (tokenizerFile == null) {
        if (modelDir == null) {
          throw new IllegalArgumentException("modelConfig(json) needs tokenizer(path)");
        }
        tokenizerFile = modelDir.resolve("tokenizer.json");
      }
      if (!Files.isRegularFile(tokenizerFile)) {
        throw new IOException(tokenizerFile + ": tokenizer.json not found");
      }
      Path configFile = modelDir != null ? modelDir.resolve("config.json") : Path.of("config");
      ModelFit.check(
          modelDir != null ? QaModels.readConfig(configFile) : modelConfig,
          configFile,
          tokenizerFile,
          checked.maxSeqLength());
      QaModel model =
          modelDir != null
              ? QaModels.load(modelDir, checked.head(), devices.get(0))
              : QaModels.create(modelConfig, checked.head(), checked.seed(), devices.get(0));
      try {
        return new QaTrainer(this, model, tokenizerFile);
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }
}
