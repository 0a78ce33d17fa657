package io.github.qa4j.core.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.NBestEntry;
import io.github.qa4j.core.decode.Prediction;
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
import java.util.concurrent.Semaphore;

/**
 * Answers questions over passages of any length with a fine-tuned model: our training output or a
 * Hugging Face {@code *ForQuestionAnswering} checkpoint, BERT or XLNet.
 *
 * <pre>{@code
 * try (QuestionAnswerer qa = QuestionAnswerer.builder().model("runs/bert-squad").build()) {
 *   RankedAnswer best = qa.answer("Who wrote it?", longText).get(0);
 * }
 * }</pre>
 *
 * <p>One instance serves concurrent callers: parameters are shared read-only, every call works on
 * its own tensors, and at most {@code maxConcurrency} forward passes of at most {@code batchSize}
 * windows run at once. Windows and decoding are those of {@link
 * io.github.qa4j.core.train.QaTrainer#evaluate}: the same {@link WindowPredictor}.
 */
public final class QuestionAnswerer implements AutoCloseable {

  private final QaModel model;
  private final Featurizer featurizer;
  private final WindowPredictor predictor;
  private final int topK;
  private final boolean allowNoAnswer;
  private final Semaphore permits;
  private final int maxConcurrency;

  private QuestionAnswerer(Builder b, QaModel model, Featurizer featurizer) {
    this.model = model;
    this.featurizer = featurizer;
    this.topK = b.topK;
    this.allowNoAnswer = b.allowNoAnswer;
    this.maxConcurrency = b.maxConcurrency;
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.predictor =
        new WindowPredictor(
            model,
            featurizer,
            new DecodingOptions(
                Math.max(20, b.topK),
                b.maxAnswerLength,
                b.allowNoAnswer,
                b.nullScoreDiffThreshold,
                false),
            b.batchSize);
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
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
    List<Prediction> predictions;
    permits.acquireUninterruptibly();
    try {
      predictions = predictor.predict(examples, null);
    } finally {
      permits.release();
    }
    List<List<RankedAnswer>> answers = new ArrayList<>(predictions.size());
    for (Prediction p : predictions) {
      answers.add(rank(p));
    }
    return answers;
  }

  private List<RankedAnswer> rank(Prediction prediction) {
    List<RankedAnswer> ranked = new ArrayList<>();
    for (NBestEntry e : prediction.nBest()) {
      double score = e.startLogit() + e.endLogit();
      if (e.isSpan()) {
        ranked.add(
            new RankedAnswer(
                e.text(), e.startOffset(), e.endOffset(), score, e.probability(), false));
      } else if (e.text().isEmpty()) {
        ranked.add(new RankedAnswer("", -1, -1, score, e.probability(), true));
      }
      // Other non-span entries are the decoder's "empty" placeholder: not an answer at all.
    }
    // Without the null answer, no valid span means no answers, not "no answer".
    if (!prediction.isSpan() && allowNoAnswer) {
      // The decoder chose "no answer" (null odds above the threshold): that comes first.
      RankedAnswer none =
          ranked.stream()
              .filter(RankedAnswer::noAnswer)
              .findFirst()
              .orElse(new RankedAnswer("", -1, -1, Double.NaN, Double.NaN, true));
      ranked.remove(none);
      ranked.add(0, none);
    }
    return List.copyOf(ranked.subList(0, Math.min(topK, ranked.size())));
  }

  /** The model in use. */
  public QaModel model() {
    return model;
  }

  @Override
  public void close() {
    // Waits for calls in flight, so that no forward pass runs on freed parameters.
    permits.acquireUninterruptibly(maxConcurrency);
    featurizer.close();
    model.close();
  }

  /** Fluent configuration of a {@link QuestionAnswerer}. */
  public static final class Builder {
    private String model;
    private Path tokenizer;
    private HeadType head;
    private int maxSeqLength = 384;
    private int stride = 128;
    private int batchSize = 4;
    private int maxConcurrency = 2;
    private int topK = 3;
    private int maxAnswerLength = 30;
    private boolean allowNoAnswer;
    private double nullScoreDiffThreshold;
    private Device device;

    private Builder() {}

    /** A fine-tuned model: directory, Hub name or {@code maven:G:A:V}. */
    public Builder model(String nameOrPath) {
      this.model = nameOrPath;
      return this;
    }

    /** The tokenizer.json; defaults to the model directory's. */
    public Builder tokenizer(Path tokenizerJson) {
      this.tokenizer = tokenizerJson;
      return this;
    }

    /** The head; defaults to the one the checkpoint's {@code architectures} names. */
    public Builder head(HeadType head) {
      this.head = head;
      return this;
    }

    /** Window length (384). */
    public Builder maxSeqLength(int value) {
      this.maxSeqLength = value;
      return this;
    }

    /** Context tokens shared by consecutive windows (128). */
    public Builder stride(int value) {
      this.stride = value;
      return this;
    }

    /** Most windows per forward pass (4; larger batches were slower on a 2-core CPU). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Most forward passes running at once across callers (2). */
    public Builder maxConcurrency(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxConcurrency must be > 0, got " + value);
      }
      this.maxConcurrency = value;
      return this;
    }

    /** Answers returned per question (3). */
    public Builder topK(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("topK must be > 0, got " + value);
      }
      this.topK = value;
      return this;
    }

    /** Longest answer in tokens (30). */
    public Builder maxAnswerLength(int value) {
      this.maxAnswerLength = value;
      return this;
    }

    /** Whether "no answer" may win, for models trained on SQuAD v2 (false). */
    public Builder allowNoAnswer(boolean value) {
      this.allowNoAnswer = value;
      return this;
    }

    /** Margin by which "no answer" must beat the best span (0.0). */
    public Builder nullScoreDiffThreshold(double value) {
      this.nullScoreDiffThreshold = value;
      return this;
    }

    /** Device to run on; defaults to the engine's default device. */
    public Builder device(Device value) {
      this.device = value;
      return this;
    }

    /** Loads the model and tokenizer. */
    public QuestionAnswerer build() throws IOException {
      if (model == null) {
        throw new IllegalArgumentException("model(nameOrPath) is required");
      }
      Path dir = ModelResolver.defaults().resolve(model);
      JsonObject config = QaModels.readConfig(dir.resolve("config.json"));
      HeadType chosen = head != null ? head : headOf(config);
      Path tokenizerFile = tokenizer != null ? tokenizer : dir.resolve("tokenizer.json");
      if (!Files.isRegularFile(tokenizerFile)) {
        throw new IOException(tokenizerFile + ": tokenizer.json not found");
      }
      ModelFit.check(config, dir.resolve("config.json"), tokenizerFile, maxSeqLength);
      Device d = device != null ? device : Engine.getInstance().defaultDevice();
      QaModel loaded = QaModels.load(dir, chosen, d);
      try {
        Featurizer f =
            Featurizer.builder()
                .tokenizer(tokenizerFile)
                .maxSeqLength(maxSeqLength)
                .stride(stride)
                .layout(loaded.layout())
                .build();
        return new QuestionAnswerer(this, loaded, f);
      } catch (RuntimeException e) {
        loaded.close();
        throw e;
      }
    }

    private static HeadType headOf(JsonObject config) {
      if (config.has("architectures")) {
        for (var a : config.getAsJsonArray("architectures")) {
          if (a.getAsString().equals("XLNetForQuestionAnswering")) {
            return HeadType.BEAM_SEARCH;
          }
        }
      }
      return HeadType.SPAN;
    }
  }
}
