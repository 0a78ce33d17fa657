package io.github.qa4j.core.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.common.base.Preconditions;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.NBestEntry;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.model.ModelSource;
import io.github.qa4j.core.model.QaBuilder;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Answers questions over passages of any length with a fine-tuned model: a trainer's output, a
 * Hugging Face {@code *ForQuestionAnswering} checkpoint of any family in {@code qa-models}, or a
 * model already in memory.
 *
 * <pre>{@code
 * String passage = Files.readString(Path.of("passage.txt"));
 * try (QuestionAnswerer qa = QuestionAnswerer.builder().model("runs/bert-squad").build()) {
 *   RankedAnswer best = qa.answer("Who wrote it?", passage).get(0);
 * }
 * }</pre>
 *
 * <p>After training, answer with the trainer's model without saving it: {@code
 * QuestionAnswerer.builder().model(trainer.model(), tokenizerJson).decoding(options).build()}; the
 * answerer then does not close that model.
 *
 * <p>Answers are ranked as {@code utils_qa.py} ranks them, so that they are {@code evaluate}'s (the
 * decoder's choice first, then by {@link RankedAnswer#logitScore()}); each carries the probability
 * transformers' {@code question-answering} pipeline gives it as {@link RankedAnswer#score()}.
 * Within one window the two orders agree; across windows of a long passage the pipeline, which
 * sorts by probability, may order them differently.
 *
 * <p>One instance serves concurrent callers: parameters are shared read-only, every call works on
 * its own tensors, and at most {@code maxConcurrency} forward passes of at most {@code batchSize}
 * windows run at once. Windows and decoding are those of {@link
 * io.github.qa4j.core.train.QaTrainer#evaluate}: the same {@link WindowPredictor}.
 */
public final class QuestionAnswerer implements AutoCloseable {

  /** Windows per forward pass by default: larger batches were slower on a 2-core CPU. */
  public static final int DEFAULT_BATCH_SIZE = 4;

  /** Forward passes running at once across callers by default. */
  public static final int DEFAULT_MAX_CONCURRENCY = 2;

  /** Answers returned per question by default. */
  public static final int DEFAULT_TOP_K = 3;

  private final ModelSource.Opened opened;
  private final Featurizer featurizer;
  private final WindowPredictor predictor;
  private final int topK;
  private final Semaphore permits;
  private final int maxConcurrency;

  private QuestionAnswerer(Builder b, ModelSource.Opened opened, WindowPredictor predictor) {
    this.opened = opened;
    this.featurizer = predictor.featurizer();
    this.predictor = predictor;
    this.topK = b.topK;
    this.maxConcurrency = b.maxConcurrency;
    this.permits = new Semaphore(b.maxConcurrency, true);
  }

  /** Starts a builder; the model comes first. */
  public static ModelStep builder() {
    return new ModelStep();
  }

  /** The best answers to one question, best first, at most {@code topK}. */
  public List<RankedAnswer> answer(String question, String context) {
    return answer(List.of(new QaInput(question, context))).get(0);
  }

  /**
   * Answers many questions together: windows of different questions share forward passes.
   *
   * @return for each input, in order, its best answers
   */
  public List<List<RankedAnswer>> answer(List<QaInput> inputs) {
    List<QaExample> examples = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      QaInput in = inputs.get(i);
      examples.add(QaExample.unlabeled(Integer.toString(i), in.question(), in.context()));
    }
    List<Prediction> predictions = predict(examples, PredictionProgress.NONE);
    List<List<RankedAnswer>> answers = new ArrayList<>(predictions.size());
    for (Prediction p : predictions) {
      answers.add(rank(p));
    }
    return answers;
  }

  /**
   * The decoder's predictions for SQuAD examples (answer text, n-best list, null odds, keyed by
   * each example's id), as a {@code QaTrainer}'s evaluation computes them with the same windows,
   * decoding and precision: for scoring with {@code SquadEvaluator} or writing with {@link
   * io.github.qa4j.core.decode.PredictionWriter}. Gold answers, if any, are ignored.
   *
   * @param examples the questions with their contexts
   * @param progress told of the windows done; may cancel
   * @return one prediction per example, in order
   */
  public List<Prediction> predict(List<QaExample> examples, PredictionProgress progress) {
    permits.acquireUninterruptibly();
    try {
      return predictor.predict(examples, progress);
    } finally {
      permits.release();
    }
  }

  private List<RankedAnswer> rank(Prediction prediction) {
    List<RankedAnswer> ranked = new ArrayList<>();
    RankedAnswer none = null;
    for (NBestEntry e : prediction.nBest()) {
      double logitScore = e.startScore() + e.endScore();
      switch (e.kind()) {
        case SPAN ->
            ranked.add(
                new RankedAnswer(
                    e.text(),
                    e.startOffset(),
                    e.endOffset(),
                    e.pipelineScore(),
                    logitScore,
                    false));
        case NO_ANSWER -> {
          // The pipeline reports "no answer" as the empty answer at 0, 0.
          none = new RankedAnswer("", 0, 0, e.pipelineScore(), logitScore, true);
          ranked.add(none);
        }
        case PLACEHOLDER -> {
          // Stands in when no span qualifies: not an answer at all.
        }
      }
    }
    if (!prediction.isSpan() && none != null) {
      // The decoder chose "no answer" (null odds above the threshold): that comes first.
      ranked.remove(none);
      ranked.add(0, none);
    } else {
      // The decoder chose a span (null odds at or below the threshold): it comes first even when
      // "no answer" scores higher.
      ranked.stream()
          .filter(
              a ->
                  !a.noAnswer()
                      && a.start() == prediction.startOffset()
                      && a.end() == prediction.endOffset())
          .findFirst()
          .ifPresent(
              chosen -> {
                ranked.remove(chosen);
                ranked.add(0, chosen);
              });
    }
    return List.copyOf(ranked.subList(0, Math.min(topK, ranked.size())));
  }

  /** The model in use. */
  public QaModel model() {
    return opened.model();
  }

  /** The decoding options in use. */
  public DecodingOptions decoding() {
    return predictor.decoding();
  }

  /**
   * Frees the featurizer and, unless it was given in memory, the model; waits for calls in flight.
   */
  @Override
  public void close() {
    // Waits for calls in flight, so that no forward pass runs on freed parameters.
    permits.acquireUninterruptibly(maxConcurrency);
    featurizer.close();
    opened.close();
  }

  /** The first step of a builder: where the model comes from. */
  public static final class ModelStep {
    private ModelStep() {}

    /**
     * A fine-tuned model to resolve and load: directory, Hub name or {@code maven:G:A:V}; the
     * answerer owns it.
     */
    public Builder model(String nameOrPath) {
      return new Builder(new ModelSource.Named(nameOrPath, null));
    }

    /**
     * A model in memory (for example {@code trainer.model()}) and the tokenizer its windows are cut
     * with; the caller keeps ownership and closes the model after the answerer.
     */
    public Builder model(QaModel model, Path tokenizerJson) {
      return new Builder(new ModelSource.InMemory(model, tokenizerJson));
    }

    /** Any model source. */
    public Builder model(ModelSource source) {
      return new Builder(Objects.requireNonNull(source, "source"));
    }
  }

  /** Fluent configuration of a {@link QuestionAnswerer}; the model is already chosen. */
  public static final class Builder extends QaBuilder<Builder> {
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private int topK = DEFAULT_TOP_K;
    private Device device;

    private Builder(ModelSource source) {
      // The head the checkpoint's architectures name, unless set.
      super(source, null);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Most windows per forward pass ({@value QuestionAnswerer#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int value) {
      Preconditions.checkArgument(value > 0, "batch size must be > 0, got %s", value);
      this.batchSize = value;
      return this;
    }

    /**
     * Most forward passes running at once across callers ({@value
     * QuestionAnswerer#DEFAULT_MAX_CONCURRENCY}).
     */
    public Builder maxConcurrency(int value) {
      Preconditions.checkArgument(value > 0, "max concurrency must be > 0, got %s", value);
      this.maxConcurrency = value;
      return this;
    }

    /**
     * Answers returned per question ({@value QuestionAnswerer#DEFAULT_TOP_K}); at most the n-best
     * size of the decoding options.
     */
    public Builder topK(int value) {
      Preconditions.checkArgument(value > 0, "top-k must be > 0, got %s", value);
      this.topK = value;
      return this;
    }

    /** Device to run on; defaults to the engine's default device. */
    public Builder device(Device value) {
      this.device = value;
      return this;
    }

    /** Loads the model and tokenizer. */
    public QuestionAnswerer build() throws IOException {
      Preconditions.checkArgument(
          topK <= decoding().nBestSize(),
          "top-k %s exceeds the n-best size %s: raise the decoding options' nBestSize",
          topK,
          decoding().nBestSize());
      Device d = device != null ? device : Engine.getInstance().defaultDevice();
      ModelSource.Opened opened = open(null, QaModels.DEFAULT_SEED, d);
      try {
        opened.model().usePrecision(precision(), precisionFallback());
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      Featurizer featurizer = opened.featurizer(windows());
      return new QuestionAnswerer(
          this,
          opened,
          new WindowPredictor(opened.model(), featurizer, decoding(), batchSize, padToMaxLength()));
    }
  }
}
