package io.github.qa4j.examples.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.Checkpoints;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.core.train.TrainResult;
import io.github.qa4j.core.train.TrainingListener;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README and CHANGELOG promise of {@link QaTrainer}, each checked so that breaking it
 * fails a test: gradient accumulation, listener events in order, and cancellation that stops within
 * one step and leaves a loadable model and checkpoint.
 */
class TrainerClaimsTest {

  @TempDir Path tmp;

  private static List<QaExample> examples;

  @BeforeAll
  static void data() throws IOException {
    examples = SquadReader.strict().read(SharedData.devV11()).examples().subList(0, 24);
  }

  /** No dropout, so that different batchings of one step compute the same function. */
  private static JsonObject memorizeConfig() throws IOException {
    return JsonParser.parseString(
            Files.readString(Path.of("src/test/resources/bert-tiny-memorize-config.json")))
        .getAsJsonObject();
  }

  private static QaTrainer.Builder tiny(Path out) throws IOException {
    return QaTrainer.builder()
        .modelConfig(memorizeConfig(), SharedData.bertTokenizer())
        .maxSeqLength(96)
        .stride(32)
        .learningRate(1e-3)
        .maxGradNorm(0)
        .seed(5)
        .outputDir(out);
  }

  /**
   * One step of 16 windows as 16 x 1, 8 x 2 and 4 x 4 micro-batches. The gradients are compared
   * through the weights: with learning rate 1 and Adam epsilon 1, AdamW's first step moves each
   * weight by {@code -g / (|g| + 1)}, an invertible function of its gradient {@code g}, so weights
   * within 1e-6 mean gradients within about 1e-6.
   */
  @Test
  void accumulatingMicroBatchesEqualsOneWholeBatch() throws IOException {
    List<List<Double>> norms = new ArrayList<>();
    List<Map<String, HostTensor>> weights = new ArrayList<>();
    int[][] batchings = {{16, 1}, {8, 2}, {4, 4}};
    for (int[] b : batchings) {
      Path out = tmp.resolve("acc-" + b[0] + "x" + b[1]);
      List<Double> stepNorms = new ArrayList<>();
      try (QaTrainer trainer =
          tiny(out)
              .batchSize(b[0])
              .gradientAccumulationSteps(b[1])
              // Fixed-length batches: with dynamic padding each micro-batch would have its own
              // length, and the span softmax runs over padding too, as in transformers.
              .padToMaxLength(true)
              .optimizer(AdamWOptions.builder().learningRate(1.0).epsilon(1.0).build())
              .maxSteps(1)
              .listener(
                  new TrainingListener() {
                    @Override
                    public void onStepEnd(StepEnd event) {
                      stepNorms.add(event.gradNorm());
                    }
                  })
              .build()) {
        trainer.train(examples);
      }
      norms.add(stepNorms);
      weights.add(Safetensors.read(out.resolve("model.safetensors")));
    }
    for (int i = 1; i < batchings.length; i++) {
      for (int s = 0; s < norms.get(0).size(); s++) {
        assertThat(norms.get(i).get(s))
            .as("gradient norm of step %d, batching %d", s + 1, i)
            .isCloseTo(norms.get(0).get(s), within(1e-6 * norms.get(0).get(s)));
      }
      for (String name : weights.get(0).keySet()) {
        float[] expected = weights.get(0).get(name).toFloatArray();
        float[] actual = weights.get(i).get(name).toFloatArray();
        for (int k = 0; k < expected.length; k++) {
          assertThat(actual[k]).as("%s[%d]", name, k).isCloseTo(expected[k], within(1e-6f));
        }
      }
    }
  }

  /**
   * With dynamic padding (the default) a step's loss is the loss of its windows cut to the longest
   * of them, the batch transformers' {@code DataCollatorWithPadding} makes; padded to the full
   * window it would differ.
   */
  @Test
  void dynamicPaddingTrainsOnTheBatchCutToItsLongestWindow() throws IOException {
    List<QaExample> few = examples.subList(0, 2);
    List<QaFeature> windows = new ArrayList<>();
    double[] stepLoss = new double[1];
    double cutLoss;
    double paddedLoss;
    try (QaTrainer trainer =
        tiny(tmp.resolve("dynamic"))
            .maxSeqLength(384) // longer than these contexts: every window has padding
            .stride(128)
            .batchSize(64) // all windows in the one step
            .maxSteps(1)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStepEnd(StepEnd event) {
                    stepLoss[0] = event.loss();
                  }
                })
            .build()) {
      trainer.featurizer().featurizeAll(few, windows::add);
      int longest = windows.stream().mapToInt(QaFeature::attendedLength).max().orElseThrow();
      assertThat(longest).as("a batch with padding to cut").isLessThan(windows.get(0).length());
      List<QaFeature> cut = windows.stream().map(w -> firstTokens(w, longest)).toList();
      cutLoss = loss(trainer.model(), cut);
      paddedLoss = loss(trainer.model(), windows);
      trainer.train(few);
    }
    assertThat(stepLoss[0]).isCloseTo(cutLoss, within(1e-6 * Math.abs(cutLoss)));
    assertThat(Math.abs(paddedLoss - cutLoss)).isGreaterThan(1e-4);
  }

  /**
   * A step leaves no array behind in the model's manager: one that did (a gradient-sized
   * intermediate of clipping) made BERT-base training grow by 440 MB a step until the kernel killed
   * it.
   */
  @Test
  void stepsLeaveNoArraysInTheModelsManager() throws IOException {
    List<Integer> arrays = new ArrayList<>();
    AtomicReference<QaTrainer> built = new AtomicReference<>();
    try (QaTrainer trainer =
        tiny(tmp.resolve("arrays"))
            .batchSize(4)
            .maxSteps(6)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStepEnd(StepEnd event) {
                    BaseNDManager manager = (BaseNDManager) built.get().model().manager();
                    arrays.add(manager.getManagedArrays().size());
                  }
                })
            .build()) {
      built.set(trainer);
      trainer.train(examples);
    }
    assertThat(arrays).hasSize(6);
    assertThat(arrays.subList(1, 6)).as("arrays after steps 2-6").containsOnly(arrays.get(1));
  }

  private static double loss(QaModel model, List<QaFeature> windows) {
    try (NDManager scope = model.manager().newSubManager()) {
      return model
          .loss(new ParameterStore(scope, false), QaBatch.of(scope, windows, true), true)
          .getFloat();
    }
  }

  /** A right-padded window cut to its first {@code n} tokens, as a collator would pad it. */
  private static QaFeature firstTokens(QaFeature w, int n) {
    return new QaFeature(
        w.exampleId(),
        Arrays.copyOf(w.inputIds(), n),
        Arrays.copyOf(w.tokenTypeIds(), n),
        Arrays.copyOf(w.attentionMask(), n),
        Arrays.copyOf(w.offsetStart(), n),
        Arrays.copyOf(w.offsetEnd(), n),
        w.clsIndex(),
        w.startPosition(),
        w.endPosition(),
        w.impossible(),
        Arrays.copyOf(w.pMask(), n));
  }

  /**
   * Global-norm clipping as torch's {@code clip_grad_norm_}: every gradient is scaled by {@code
   * maxNorm / (totalNorm + 1e-6)} when that is below 1. Gradients are read back through the weights
   * as in {@link #accumulatingMicroBatchesEqualsOneWholeBatch}: {@code g = -d / (1 - |d|)} for a
   * weight that moved by {@code d}.
   */
  @Test
  void clippingScalesEveryGradientByMaxNormOverTotalNorm() throws IOException {
    Path init = tmp.resolve("init");
    try (QaModel model = QaModels.create(memorizeConfig(), HeadType.SPAN, 5, Device.cpu())) {
      model.save(init);
    }
    Map<String, HostTensor> start = Safetensors.read(init.resolve("model.safetensors"));
    double[] norm = new double[1];
    Map<String, HostTensor> free = oneStep(tmp.resolve("free"), 0, norm);
    double maxNorm = norm[0] / 4;
    Map<String, HostTensor> clipped = oneStep(tmp.resolve("clipped"), maxNorm, new double[1]);
    double scale = maxNorm / (norm[0] + 1e-6);
    for (String name : start.keySet()) {
      float[] w0 = start.get(name).toFloatArray();
      float[] a = free.get(name).toFloatArray();
      float[] b = clipped.get(name).toFloatArray();
      for (int k = 0; k < w0.length; k++) {
        double gradient = gradient(w0[k], a[k]);
        assertThat(gradient(w0[k], b[k]))
            .as("%s[%d]", name, k)
            .isCloseTo(scale * gradient, within(2e-6 + 1e-4 * Math.abs(gradient)));
      }
    }
  }

  private Map<String, HostTensor> oneStep(Path out, double maxGradNorm, double[] norm)
      throws IOException {
    try (QaTrainer trainer =
        tiny(out)
            .batchSize(16)
            .optimizer(AdamWOptions.builder().learningRate(1.0).epsilon(1.0).build())
            .maxGradNorm(maxGradNorm)
            .maxSteps(1)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStepEnd(StepEnd event) {
                    norm[0] = event.gradNorm();
                  }
                })
            .build()) {
      trainer.train(examples);
    }
    return Safetensors.read(out.resolve("model.safetensors"));
  }

  /** The gradient behind a first AdamW step with learning rate 1 and epsilon 1. */
  private static double gradient(float before, float after) {
    double moved = (double) after - before;
    return -moved / (1 - Math.abs(moved));
  }

  @Test
  void listenersReceiveEveryEventInOrder() throws IOException {
    List<String> events = new ArrayList<>();
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onTrainBegin(TrainBegin e) {
            events.add("begin " + e.totalSteps() + " from " + e.startStep());
          }

          @Override
          public void onStepEnd(StepEnd e) {
            events.add("step " + e.step());
          }

          @Override
          public void onLog(LogEntry e) {
            events.add("log " + e.step());
          }

          @Override
          public void onCheckpoint(Path dir) {
            events.add("checkpoint " + dir.getFileName());
          }

          @Override
          public void onTrainEnd(TrainResult r) {
            events.add("end " + r.globalStep());
          }

          @Override
          public void onEvaluationProgress(long done, long total) {
            if (done == total) {
              events.add("eval progress done");
            }
          }

          @Override
          public void onEvaluate(EvalResult r) {
            events.add("evaluate");
          }
        };
    try (QaTrainer trainer =
        tiny(tmp.resolve("events"))
            .batchSize(8)
            .maxSteps(4)
            .loggingSteps(2)
            .saveSteps(2)
            .listener(recorder)
            .build()) {
      trainer.train(examples);
      trainer.evaluate(examples.subList(0, 4));
    }
    assertThat(events)
        .containsExactly(
            "begin 4 from 0",
            "step 1",
            "step 2",
            "log 2",
            "checkpoint checkpoint-2",
            "step 3",
            "step 4",
            "log 4",
            "checkpoint checkpoint-4",
            "end 4",
            "eval progress done",
            "evaluate");
  }

  @Test
  void cancelStopsWithinOneStepAndLeavesLoadableModelAndCheckpoint() throws IOException {
    Path out = tmp.resolve("cancel");
    AtomicReference<QaTrainer> self = new AtomicReference<>();
    List<Long> steps = new ArrayList<>();
    TrainResult result;
    try (QaTrainer trainer =
        tiny(out)
            .batchSize(8)
            .maxSteps(50)
            .saveSteps(2)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStepEnd(StepEnd e) {
                    steps.add(e.step());
                    if (e.step() == 3) {
                      self.get().cancel();
                    }
                  }
                })
            .build()) {
      self.set(trainer);
      result = trainer.train(examples);
    }
    assertThat(steps).containsExactly(1L, 2L, 3L);
    assertThat(result.cancelled()).isTrue();
    assertThat(result.globalStep()).isEqualTo(3);
    assertThat(Checkpoints.lastComplete(out)).contains(Checkpoints.directory(out, 2));
    for (Path dir : List.of(out, Checkpoints.directory(out, 2))) {
      try (QaModel model = QaModels.load(dir, HeadType.SPAN, QaModels.DEFAULT_SEED, Device.cpu())) {
        assertThat(model.namedParameters()).isNotEmpty();
      }
    }
  }

  /** Cancelling an evaluation stops it before its next forward pass, with no metrics or files. */
  @Test
  void cancelStopsEvaluationWithinOneBatch() throws IOException {
    Path out = tmp.resolve("cancel-eval");
    AtomicReference<QaTrainer> self = new AtomicReference<>();
    List<Long> done = new ArrayList<>();
    List<EvalResult> evaluated = new ArrayList<>();
    try (QaTrainer trainer =
        tiny(out)
            .evalBatchSize(4)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onEvaluationProgress(long windows, long total) {
                    done.add(windows);
                    self.get().cancel();
                  }

                  @Override
                  public void onEvaluate(EvalResult result) {
                    evaluated.add(result);
                  }
                })
            .build()) {
      self.set(trainer);
      assertThatThrownBy(() -> trainer.evaluate(examples))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("after 4 windows");
    }
    assertThat(done).containsExactly(4L);
    assertThat(evaluated).isEmpty();
    assertThat(out.resolve("eval_results.json")).doesNotExist();
  }
}
