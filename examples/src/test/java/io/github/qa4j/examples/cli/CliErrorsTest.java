package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every subcommand with a bad argument or a bad file: the exit code that docs/cli.md promises (2
 * for bad arguments, 1 for failures while running) and one line that names the flag or the file.
 */
class CliErrorsTest {

  @TempDir static Path tmp;

  private static Path squad;
  private static Path predictions;
  private static Path emptyFile;
  private static Path emptyGz;
  private static Path emptyTokenizer;
  private static Path emptySafetensors;
  private static Path smallVocabModel;
  private static Path shortModel;

  private static final String TINY_SQUAD =
      """
      {"version": "1.1", "data": [{"title": "t", "paragraphs": [{"context": "Paris is in France.",
       "qas": [{"id": "q1", "question": "Where is Paris?",
                "answers": [{"text": "France", "answer_start": 12}]}]}]}]}
      """;

  @BeforeAll
  static void files() throws IOException {
    squad = write("squad.json", TINY_SQUAD);
    predictions = write("predictions.json", "{\"q1\": \"France\"}");
    emptyFile = write("empty.json", "");
    emptyGz = write("data.json.gz", TINY_SQUAD);
    emptyTokenizer = write("tokenizer.json", "");
    emptySafetensors = write("logits.safetensors", "");
    smallVocabModel = modelDir("small-vocab", 1000, 512);
    shortModel = modelDir("short", 30522, 64);
  }

  /**
   * A model folder with bert-base-uncased's tokenizer and a tiny BERT (random weights) with the
   * given vocabulary and positions.
   */
  private static Path modelDir(String name, int vocabSize, int positions) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.copy(SharedData.bertTokenizer(), dir.resolve("tokenizer.json"));
    JsonObject config =
        JsonParser.parseString(
                "{\"model_type\": \"bert\", \"vocab_size\": "
                    + vocabSize
                    + ", \"hidden_size\": 64, \"num_hidden_layers\": 2,"
                    + " \"num_attention_heads\": 4, \"intermediate_size\": 128,"
                    + " \"max_position_embeddings\": "
                    + positions
                    + "}")
            .getAsJsonObject();
    Files.writeString(dir.resolve("config.json"), config.toString(), StandardCharsets.UTF_8);
    try (QaModel model = QaModels.create(config, HeadType.SPAN, 1, Device.cpu())) {
      Map<String, HostTensor> weights = new LinkedHashMap<>();
      model.namedParameters().forEach((n, p) -> weights.put(n, HostTensor.of(p.getArray())));
      Safetensors.write(dir.resolve("model.safetensors"), weights, Map.of());
    }
    return dir;
  }

  private static Path write(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
  }

  static Stream<Arguments> badInvocations() {
    String tok = SharedData.bertTokenizer().toString();
    String model = SharedData.model("bert-tiny-absolute").toString();
    String out = tmp.resolve("out").toString();
    String nope = tmp.resolve("nope.json").toString();
    return Stream.of(
        bad(2, List.of("give a command")),
        bad(
            2,
            List.of("--top-k"),
            "predict",
            "--model",
            model,
            "--question",
            "q",
            "--context",
            "c",
            "--top-k",
            "0"),
        bad(
            2,
            List.of("--question"),
            "predict",
            "--model",
            model,
            "--question",
            " ",
            "--context",
            "c"),
        bad(
            2,
            List.of("--max-seq-length 64", "--doc-stride 64"),
            "predict",
            "--model",
            model,
            "--question",
            "q",
            "--context",
            "c",
            "--max-seq-length",
            "64",
            "--doc-stride",
            "64"),
        bad(
            1,
            List.of(
                smallVocabModel.resolve("tokenizer.json").toString(),
                smallVocabModel.resolve("config.json").toString(),
                "vocab_size 1000"),
            "predict",
            "--model",
            smallVocabModel.toString(),
            "--question",
            "q",
            "--context",
            "c"),
        bad(
            1,
            List.of(
                "a window of 128 tokens",
                shortModel.resolve("config.json").toString(),
                "max_position_embeddings"),
            "predict",
            "--model",
            shortModel.toString(),
            "--question",
            "q",
            "--context",
            "c",
            "--max-seq-length",
            "128"),
        bad(
            2,
            List.of("--context-file", "nope.json"),
            "predict",
            "--model",
            model,
            "--question",
            "q",
            "--context-file",
            nope),
        bad(
            2,
            List.of("--per_device_train_batch_size"),
            runQa("run-qa", out, squad),
            "--per_device_train_batch_size",
            "0"),
        bad(
            2,
            List.of("--per_device_eval_batch_size"),
            runQa("run-qa-beam-search", out, squad),
            "--per_device_eval_batch_size",
            "0"),
        bad(
            2,
            List.of("--num_train_epochs"),
            runQa("run-qa", out, squad),
            "--num_train_epochs",
            "0"),
        bad(
            2,
            List.of("--max_seq_length 64", "--doc_stride 64"),
            runQa("run-qa", out, squad),
            "--max_seq_length",
            "64",
            "--doc_stride",
            "64"),
        bad(
            2,
            List.of("--train_file", "nope.json"),
            runQa("run-qa", out, tmp.resolve("nope.json"))),
        bad(
            2,
            List.of("--config_name", "missing/config.json"),
            "run-qa",
            "--config_name",
            "missing/config.json",
            "--tokenizer_name",
            tok,
            "--train_file",
            squad.toString(),
            "--do_train",
            "--output_dir",
            out),
        bad(
            2,
            List.of("--resume_from_checkpoint"),
            runQa("run-qa", out, squad),
            "--resume_from_checkpoint",
            tmp.toString()),
        bad(
            2,
            List.of("--resume_from_checkpoint True", "no complete checkpoint"),
            runQa("run-qa", out, squad),
            "--resume_from_checkpoint",
            "True"),
        bad(
            2,
            List.of("--predictions", "nope.json"),
            "evaluate",
            "--data",
            squad.toString(),
            "--predictions",
            nope),
        bad(
            2,
            List.of("--data", "is a folder"),
            "evaluate",
            "--data",
            tmp.toString(),
            "--predictions",
            predictions.toString()),
        bad(
            1,
            List.of("empty.json"),
            "evaluate",
            "--data",
            squad.toString(),
            "--predictions",
            emptyFile.toString()),
        bad(
            2,
            List.of("--layout", "foo"),
            "features",
            "--data",
            squad.toString(),
            "--tokenizer",
            tok,
            "--layout",
            "foo",
            "--out",
            out + ".jsonl"),
        bad(
            2,
            List.of("--tokenizer", "no such file"),
            "features",
            "--data",
            squad.toString(),
            "--tokenizer",
            nope,
            "--out",
            out + ".jsonl"),
        bad(
            1,
            List.of("data.json.gz", "gzip"),
            "features",
            "--data",
            emptyGz.toString(),
            "--tokenizer",
            tok,
            "--out",
            out + ".jsonl"),
        bad(
            1,
            List.of(emptyTokenizer.toString()),
            "features",
            "--data",
            squad.toString(),
            "--tokenizer",
            emptyTokenizer.toString(),
            "--out",
            out + ".jsonl"),
        bad(
            2,
            List.of("--doc-stride"),
            "features",
            "--data",
            squad.toString(),
            "--tokenizer",
            tok,
            "--doc-stride",
            "-1",
            "--out",
            out + ".jsonl"),
        bad(
            2,
            List.of("--n-best-size"),
            "decode",
            "--data",
            squad.toString(),
            "--tokenizer",
            tok,
            "--logits",
            emptySafetensors.toString(),
            "--n-best-size",
            "0",
            "--out-dir",
            out),
        bad(
            1,
            List.of("logits.safetensors"),
            "decode",
            "--data",
            squad.toString(),
            "--tokenizer",
            tok,
            "--logits",
            emptySafetensors.toString(),
            "--out-dir",
            out),
        bad(
            2,
            List.of("--batch-size"),
            "logits",
            "--model",
            model,
            "--features",
            emptyFile.toString(),
            "--out",
            out + ".safetensors",
            "--batch-size",
            "0"),
        bad(
            2,
            List.of("--features", "nope.json"),
            "logits",
            "--model",
            model,
            "--features",
            nope,
            "--out",
            out + ".safetensors"),
        bad(
            1,
            List.of("empty.json", "no windows"),
            "logits",
            "--model",
            model,
            "--features",
            emptyFile.toString(),
            "--out",
            out + ".safetensors"),
        bad(
            2,
            List.of("--tf-checkpoint", "nope.json"),
            "convert",
            "--tf-checkpoint",
            nope,
            "--out",
            out),
        bad(2, List.of("--batch-size"), "quickstart", "--batch-size", "0"),
        bad(
            2,
            List.of("--no-such-flag"),
            "predict",
            "--model",
            model,
            "--question",
            "q",
            "--context",
            "c",
            "--no-such-flag"));
  }

  private static String[] runQa(String command, String out, Path train) {
    return new String[] {
      command,
      "--config_name",
      "src/test/resources/bert-tiny-config.json",
      "--tokenizer_name",
      SharedData.bertTokenizer().toString(),
      "--train_file",
      train.toString(),
      "--do_train",
      "--output_dir",
      out
    };
  }

  private static Arguments bad(int code, List<String> named, String... args) {
    return Arguments.of(String.join(" ", args), code, named, args);
  }

  private static Arguments bad(int code, List<String> named, String[] head, String... more) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(more));
    return bad(code, named, all.toArray(String[]::new));
  }

  @ParameterizedTest(name = "[{index}] qa {0}")
  @MethodSource("badInvocations")
  void exitCodeAndMessageNameTheProblem(String shown, int code, List<String> named, String[] args) {
    QaCommandTest.Run run = QaCommandTest.run(args);
    assertThat(run.code()).as(run.err()).isEqualTo(code);
    String first = run.err().lines().findFirst().orElse("");
    assertThat(first).startsWith("qa: ");
    for (String n : named) {
      assertThat(first).as("first line of stderr").contains(n);
    }
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    // Java field names, not flags (a flag's words follow a '-').
    assertThat(first).doesNotContainPattern("(?<![-\\w])(topK|batchSize|maxSeqLength|stride)\\b");
    assertThat(tmp.resolve("out")).as("no output folder left behind").doesNotExist();
  }

  @Test
  void noSubcommandPrintsUsageAndExitsTwo() {
    QaCommandTest.Run run = QaCommandTest.run();
    assertThat(run.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(run.err()).contains("Usage:");
  }
}
