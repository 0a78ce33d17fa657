package io.github.qa4j.examples.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.Checkpoints;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.core.train.TrainResult;
import io.github.qa4j.core.train.TrainingListener;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static QaTrainer.Builder tiny(Path out) throws IOException {
    JsonObject config =
        JsonParser.parseString(
                Files.readString(Path.of("src/test/resources/bert-tiny-memorize-config.json")))
            .getAsJsonObject();
    return QaTrainer.builder()
        .modelConfig(config)
        .tokenizer(SharedData.bertTokenizer())
        .maxSeqLength(96)
        .stride(32)
        .learningRate(1e-3)
        .maxGradNorm(0)
        .seed(5)
        .outputDir(out);
  }

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
              .maxSteps(3)
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
      for (int s = 0; s < 3; s++) {
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
      try (QaModel model = QaModels.load(dir, HeadType.SPAN, Device.cpu())) {
        assertThat(model.namedParameters()).isNotEmpty();
      }
    }
  }
}
