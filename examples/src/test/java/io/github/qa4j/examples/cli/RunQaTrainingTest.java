package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qa run-qa} and {@code qa run-qa-beam-search} end to end on a randomly initialized tiny
 * BERT with bert-base-uncased's vocabulary: it must memorize 64 dev questions, and a resumed run
 * must repeat the uninterrupted one's losses exactly.
 */
class RunQaTrainingTest {

  @TempDir Path tmp;

  /** Dropout 0.1, as pretrained BERTs have: the resume test checks that dropout replays too. */
  private static final String WITH_DROPOUT = "src/test/resources/bert-tiny-config.json";

  /** No dropout: memorizing is the point. */
  private static final String MEMORIZE = "src/test/resources/bert-tiny-memorize-config.json";

  private static List<String> common(String config, Path data, Path out, int questions) {
    assertThat(Path.of(config)).exists();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--config_name", config,
            "--tokenizer_name", SharedData.bertTokenizer().toString(),
            "--train_file", data.toString(),
            "--validation_file", data.toString(),
            "--max_train_samples", Integer.toString(questions),
            "--max_eval_samples", Integer.toString(questions),
            "--max_seq_length", "128",
            "--doc_stride", "32",
            "--per_device_eval_batch_size", "32",
            "--output_dir", out.toString()));
    return args;
  }

  private static QaCommandTest.Run qa(String command, List<String> args, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    all.addAll(List.of(more));
    QaCommandTest.Run run = QaCommandTest.run(all.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return run;
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void spanHeadMemorizesSixtyFourQuestions() throws IOException {
    Path out = tmp.resolve("span");
    qa(
        "run-qa",
        common(MEMORIZE, SharedData.devV11(), out, 64),
        "--do_train",
        "--do_eval",
        "--per_device_train_batch_size",
        "8",
        "--learning_rate",
        "2e-3",
        "--num_train_epochs",
        "60",
        "--group_by_length",
        "--warmup_ratio",
        "0.05",
        "--seed",
        "7");
    JsonObject eval = json(out.resolve("eval_results.json"));
    assertThat(eval.get("eval_exact_match").getAsDouble()).isGreaterThanOrEqualTo(90.0);
    assertThat(eval.get("eval_f1").getAsDouble()).isGreaterThanOrEqualTo(90.0);
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("eval_predictions.json")).exists();
    assertThat(json(out.resolve("train_results.json")).get("train_loss").getAsDouble())
        .isPositive();

    // qa predict --data gives the trainer's evaluation answers.
    Path predictions = tmp.resolve("predictions.json");
    qa(
        "predict",
        List.of(
            "--model",
            out.toString(),
            "--data",
            firstQuestions(SharedData.devV11(), 64).toString(),
            "--out",
            predictions.toString(),
            "--batch-size",
            "32", // run-qa's --per_device_eval_batch_size: the same batches
            "--max-seq-length",
            "128",
            "--doc-stride",
            "32"));
    assertThat(json(predictions)).isEqualTo(json(out.resolve("eval_predictions.json")));
  }

  @Test
  void beamSearchHeadMemorizesSixtyFourSquadV2Questions() throws IOException {
    Path out = tmp.resolve("beam");
    qa(
        "run-qa-beam-search",
        common(MEMORIZE, SharedData.devV20(), out, 64),
        "--version_2_with_negative",
        "--per_device_train_batch_size",
        "16",
        "--do_train",
        "--do_eval",
        "--learning_rate",
        "3e-3",
        "--num_train_epochs",
        "60",
        "--warmup_ratio",
        "0.05",
        "--seed",
        "7");
    JsonObject eval = json(out.resolve("eval_results.json"));
    assertThat(eval.get("eval_exact").getAsDouble()).isGreaterThanOrEqualTo(90.0);
    assertThat(eval.get("eval_HasAns_total").getAsInt() + eval.get("eval_NoAns_total").getAsInt())
        .isEqualTo(64);

    Path predictions = tmp.resolve("v2/predictions.json");
    qa(
        "predict",
        List.of(
            "--model",
            out.toString(),
            "--data",
            firstQuestions(SharedData.devV20(), 64).toString(),
            "--out",
            predictions.toString(),
            "--allow-no-answer",
            "--max-seq-length",
            "128",
            "--doc-stride",
            "32"));
    assertThat(json(predictions)).isEqualTo(json(out.resolve("eval_predictions.json")));
    // The same odds up to float32 rounding: the trainer evaluates its in-memory weights.
    JsonObject odds = json(tmp.resolve("v2/null_odds.json"));
    JsonObject trainerOdds = json(out.resolve("eval_null_odds.json"));
    assertThat(odds.keySet()).isEqualTo(trainerOdds.keySet());
    for (String id : trainerOdds.keySet()) {
      double expected = trainerOdds.get(id).getAsDouble();
      assertThat(odds.get(id).getAsDouble())
          .as("null odds of %s", id)
          .isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
    }
  }

  /** A SQuAD file of the first {@code n} questions of {@code squad}. */
  private Path firstQuestions(Path squad, int n) throws IOException {
    JsonObject root = json(squad);
    JsonArray articles = new JsonArray();
    int kept = 0;
    for (JsonElement a : root.getAsJsonArray("data")) {
      JsonArray paragraphs = new JsonArray();
      for (JsonElement p : a.getAsJsonObject().getAsJsonArray("paragraphs")) {
        JsonArray qas = new JsonArray();
        for (JsonElement q : p.getAsJsonObject().getAsJsonArray("qas")) {
          if (kept++ < n) {
            qas.add(q);
          }
        }
        if (!qas.isEmpty()) {
          JsonObject paragraph = p.getAsJsonObject().deepCopy();
          paragraph.add("qas", qas);
          paragraphs.add(paragraph);
        }
      }
      if (!paragraphs.isEmpty()) {
        JsonObject article = a.getAsJsonObject().deepCopy();
        article.add("paragraphs", paragraphs);
        articles.add(article);
      }
    }
    root.add("data", articles);
    Path file = tmp.resolve("first-" + n + "-" + squad.getFileName());
    Files.writeString(file, root.toString());
    return file;
  }

  @Test
  void resumingFromACheckpointRepeatsTheLossesExactly() throws IOException {
    List<String> train =
        List.of(
            "--do_train",
            "--per_device_train_batch_size",
            "16",
            "--max_steps",
            "8",
            "--save_steps",
            "4",
            "--logging_steps",
            "1",
            "--learning_rate",
            "1e-3",
            "--warmup_steps",
            "2");
    Path whole = tmp.resolve("whole");
    qa(
        "run-qa",
        common(WITH_DROPOUT, SharedData.devV11(), whole, 48),
        train.toArray(String[]::new));
    List<Double> uninterrupted = losses(whole);
    assertThat(uninterrupted).hasSize(8);

    Path resumed = tmp.resolve("resumed");
    copyTree(whole.resolve("checkpoint-4"), resumed.resolve("checkpoint-4"));
    List<String> resume = new ArrayList<>(train);
    resume.addAll(List.of("--resume_from_checkpoint", resumed.resolve("checkpoint-4").toString()));
    qa(
        "run-qa",
        common(WITH_DROPOUT, SharedData.devV11(), resumed, 48),
        resume.toArray(String[]::new));
    assertThat(losses(resumed)).containsExactlyElementsOf(uninterrupted);

    Path otherSeed = tmp.resolve("seed");
    List<String> seeded = new ArrayList<>(train);
    seeded.addAll(List.of("--seed", "43"));
    qa(
        "run-qa",
        common(WITH_DROPOUT, SharedData.devV11(), otherSeed, 48),
        seeded.toArray(String[]::new));
    assertThat(losses(otherSeed)).hasSize(8).isNotEqualTo(uninterrupted);
  }

  private static List<Double> losses(Path out) throws IOException {
    JsonArray log = json(out.resolve("trainer_state.json")).getAsJsonArray("log_history");
    List<Double> losses = new ArrayList<>();
    log.forEach(e -> losses.add(e.getAsJsonObject().get("loss").getAsDouble()));
    return losses;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
