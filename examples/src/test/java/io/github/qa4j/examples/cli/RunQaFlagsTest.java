package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.core.train.optim.CosineWarmupSchedule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformers flags of {@code qa run-qa} that change what a run does, on a randomly
 * initialized tiny BERT and a few SQuAD questions: strategies, schedules, reports, prediction.
 */
class RunQaFlagsTest {

  @TempDir Path tmp;

  private static final String CONFIG = "src/test/resources/bert-tiny-config.json";

  private static List<String> tiny(Path out, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "run-qa",
            "--config_name",
            CONFIG,
            "--tokenizer_name",
            SharedData.bertTokenizer().toString(),
            "--train_file",
            SharedData.devV11().toString(),
            "--validation_file",
            SharedData.devV11().toString(),
            "--max_train_samples",
            "16",
            "--max_eval_samples",
            "8",
            "--max_seq_length",
            "128",
            "--doc_stride",
            "32",
            "--per_device_train_batch_size",
            "16",
            "--per_device_eval_batch_size",
            "32",
            "--output_dir",
            out.toString()));
    args.addAll(List.of(more));
    return args;
  }

  static QaCommandTest.Run ok(List<String> args) {
    QaCommandTest.Run run = QaCommandTest.run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return run;
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  private static List<Long> checkpoints(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("checkpoint-"))
          .map(n -> Long.parseLong(n.substring("checkpoint-".length())))
          .sorted()
          .toList();
    }
  }

  private static Map<String, HostTensor> weights(Path dir) throws IOException {
    return Safetensors.read(dir.resolve("model.safetensors"));
  }

  private static boolean sameWeights(Map<String, HostTensor> a, Map<String, HostTensor> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (String name : a.keySet()) {
      ByteBuffer x = a.get(name).data().duplicate().rewind();
      ByteBuffer y = b.get(name).data().duplicate().rewind();
      if (!x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void evaluatesAndSavesByStepsKeepsTheBestAndReportsToFiles() throws IOException {
    Path out = tmp.resolve("steps");
    Path logs = tmp.resolve("logs");
    QaCommandTest.Run run =
        ok(
            tiny(
                out,
                "--do_train",
                "--max_steps",
                "6",
                "--learning_rate",
                "1e-3",
                "--lr_scheduler_type",
                "cosine",
                "--warmup_steps",
                "2",
                "--adam_beta1",
                "0.8",
                "--adam_epsilon",
                "1e-6",
                "--logging_steps",
                "2",
                "--logging_first_step",
                "--eval_strategy",
                "steps",
                "--eval_steps",
                "2",
                "--save_steps",
                "2",
                "--save_total_limit",
                "1",
                "--load_best_model_at_end",
                "True",
                "--metric_for_best_model",
                "f1",
                "--report_to",
                "jsonl,csv",
                "--logging_dir",
                logs.toString(),
                "--run_name",
                "tiny"));

    JsonObject state = json(out.resolve("trainer_state.json"));
    List<Long> lossSteps = new ArrayList<>();
    List<Long> evalSteps = new ArrayList<>();
    List<Double> f1 = new ArrayList<>();
    for (JsonElement e : state.getAsJsonArray("log_history")) {
      JsonObject entry = e.getAsJsonObject();
      long step = entry.get("step").getAsLong();
      if (entry.has("loss")) {
        lossSteps.add(step);
        // The learning rate each logged step used: the cosine schedule's, as transformers'.
        assertThat(entry.get("learning_rate").getAsDouble())
            .isCloseTo(new CosineWarmupSchedule(1e-3, 2, 6).learningRate(step - 1), within(1e-12));
      } else {
        assertThat(entry.keySet()).contains("eval_exact_match", "eval_f1", "epoch", "step");
        evalSteps.add(step);
        f1.add(entry.get("eval_f1").getAsDouble());
      }
    }
    assertThat(lossSteps).containsExactly(1L, 2L, 4L, 6L);
    assertThat(evalSteps).containsExactly(2L, 4L, 6L);

    // The best is the first evaluation with the highest F1; its checkpoint survives the limit of 1
    // beside the last one, and its weights are the final model's.
    int best = f1.indexOf(f1.stream().max(Double::compare).orElseThrow());
    long bestStep = evalSteps.get(best);
    assertThat(state.get("best_metric").getAsDouble()).isEqualTo(f1.get(best));
    assertThat(Path.of(state.get("best_model_checkpoint").getAsString()).getFileName())
        .hasToString("checkpoint-" + bestStep);
    assertThat(checkpoints(out))
        .containsExactlyElementsOf(bestStep == 6 ? List.of(6L) : List.of(bestStep, 6L));
    assertThat(sameWeights(weights(out), weights(out.resolve("checkpoint-" + bestStep)))).isTrue();

    // --eval_strategy implies --do_eval.
    assertThat(json(out.resolve("eval_results.json")).has("eval_f1")).isTrue();
    assertThat(run.out()).contains("\"eval_f1\"");

    List<String> lines = Files.readAllLines(logs.resolve("tiny.jsonl"));
    assertThat(lines.stream().filter(l -> l.contains("\"eval_f1\"")).count()).isEqualTo(4);
    assertThat(lines.stream().filter(l -> l.contains("\"loss\"")).count()).isEqualTo(4);
    assertThat(Files.readString(logs.resolve("tiny.csv"))).contains(",eval_f1,");
  }

  @Test
  void epochStrategiesEvaluateAndSaveAtEachEpochsEndAndNoLoggingLogsNothing() throws IOException {
    Path out = tmp.resolve("epochs");
    ok(
        tiny(
            out,
            "--do_train",
            "--num_train_epochs",
            "2",
            "--eval_strategy",
            "epoch",
            "--save_strategy",
            "epoch",
            "--logging_strategy",
            "no",
            "--lr_scheduler_type",
            "constant"));
    JsonObject state = json(out.resolve("trainer_state.json"));
    JsonArray log = state.getAsJsonArray("log_history");
    List<Double> epochs = new ArrayList<>();
    log.forEach(e -> epochs.add(e.getAsJsonObject().get("epoch").getAsDouble()));
    assertThat(epochs).containsExactly(1.0, 2.0);
    long perEpoch = state.get("global_step").getAsLong() / 2;
    assertThat(checkpoints(out)).containsExactly(perEpoch, 2 * perEpoch);
    assertThat(state.get("best_model_checkpoint").isJsonNull()).isTrue();
  }

  @Test
  void predictsOnTheTestFileAndScoresItWhenItHasAnswers() throws IOException {
    Path out = tmp.resolve("predict");
    QaCommandTest.Run run =
        ok(
            List.of(
                "run-qa",
                "--config_name",
                CONFIG,
                "--tokenizer_name",
                SharedData.bertTokenizer().toString(),
                "--do_predict",
                "--test_file",
                SharedData.devV11().toString(),
                "--max_predict_samples",
                "5",
                "--max_seq_length",
                "128",
                "--doc_stride",
                "32",
                "--output_dir",
                out.toString()));
    assertThat(json(out.resolve("predict_predictions.json")).size()).isEqualTo(5);
    assertThat(json(out.resolve("predict_nbest_predictions.json")).size()).isEqualTo(5);
    JsonObject results = json(out.resolve("predict_results.json"));
    assertThat(results.keySet()).contains("predict_exact_match", "predict_f1", "predict_samples");
    assertThat(run.out()).contains("predict_f1");
    assertThat(out.resolve("eval_results.json")).doesNotExist();
  }

  @Test
  void unlabeledQuestionsGetPredictionsButNoResults() throws IOException {
    Path out = tmp.resolve("unlabeled");
    try (QaTrainer trainer =
        QaTrainer.builder()
            .modelConfig(QaModels.readConfig(Path.of(CONFIG)), SharedData.bertTokenizer())
            .maxSeqLength(128)
            .stride(32)
            .outputDir(out)
            .build()) {
      EvalResult result =
          trainer.predict(
              List.of(QaExample.unlabeled("q1", "Where is Paris?", "Paris is in France.")));
      assertThat(result.metrics()).containsOnlyKeys("predict_samples");
    }
    assertThat(json(out.resolve("predict_predictions.json")).has("q1")).isTrue();
    assertThat(out.resolve("predict_results.json")).doesNotExist();
  }

  @Test
  void flagsThatCannotApplyAreAcceptedWithAOneLineWarningEach() throws IOException {
    Path out = tmp.resolve("ignored");
    QaCommandTest.Run run =
        ok(
            List.of(
                "run-qa",
                "--config_name",
                CONFIG,
                "--tokenizer_name",
                SharedData.bertTokenizer().toString(),
                "--do_predict",
                "--test_file",
                SharedData.devV11().toString(),
                "--max_predict_samples",
                "1",
                "--max_seq_length",
                "128",
                "--doc_stride",
                "32",
                "--output_dir",
                out.toString(),
                "--fp16",
                "--push_to_hub",
                "--hub_model_id",
                "me/model",
                "--gradient_checkpointing",
                "--dataloader_num_workers",
                "4",
                "--tf32",
                "False",
                "--optim",
                "adamw_torch",
                "--report_to",
                "wandb"));
    List<String> warnings = run.err().lines().filter(l -> l.startsWith("qa: ignoring")).toList();
    assertThat(warnings)
        .hasSize(6)
        .anyMatch(l -> l.startsWith("qa: ignoring --fp16: needs CUDA"))
        .anyMatch(l -> l.startsWith("qa: ignoring --gradient_checkpointing: DJL"))
        .anyMatch(l -> l.startsWith("qa: ignoring --report_to wandb"))
        .noneMatch(l -> l.contains("--tf32") || l.contains("--optim"));
  }
}
