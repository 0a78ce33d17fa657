package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.IntervalStrategy;
import io.github.qa4j.core.train.optim.SchedulerType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How {@code qa run-qa} reads its arguments: transformers' README recipes unchanged, a JSON file of
 * arguments, and the flags of the Hub and the datasets; no training.
 */
class RunQaArgumentsTest {

  @TempDir Path tmp;

  /** The commands of transformers' examples/pytorch/question-answering/README.md, verbatim. */
  private static final String BERT_SQUAD =
      """
      python run_qa.py \\
        --model_name_or_path bert-base-uncased \\
        --dataset_name squad \\
        --do_train \\
        --do_eval \\
        --per_device_train_batch_size 12 \\
        --learning_rate 3e-5 \\
        --num_train_epochs 2 \\
        --max_seq_length 384 \\
        --doc_stride 128 \\
        --output_dir /tmp/debug_squad/
      """;

  private static final String XLNET_SQUAD =
      """
      python run_qa_beam_search.py \\
          --model_name_or_path xlnet-large-cased \\
          --dataset_name squad \\
          --do_train \\
          --do_eval \\
          --learning_rate 3e-5 \\
          --num_train_epochs 2 \\
          --max_seq_length 384 \\
          --doc_stride 128 \\
          --output_dir ./wwm_cased_finetuned_squad/ \\
          --per_device_eval_batch_size=4  \\
          --per_device_train_batch_size=4   \\
          --save_steps 5000
      """;

  private static final String XLNET_SQUAD_V2 =
      """
      python run_qa_beam_search.py \\
          --model_name_or_path xlnet-large-cased \\
          --dataset_name squad_v2 \\
          --do_train \\
          --do_eval \\
          --version_2_with_negative \\
          --learning_rate 3e-5 \\
          --num_train_epochs 4 \\
          --max_seq_length 384 \\
          --doc_stride 128 \\
          --output_dir ./wwm_cased_finetuned_squad/ \\
          --per_device_eval_batch_size=2  \\
          --per_device_train_batch_size=2   \\
          --save_steps 5000
      """;

  /** Parses a README command as {@code qa} with the script's subcommand, and checks it. */
  private static RunQaCommand parse(String recipe) throws IOException {
    List<String> words =
        new ArrayList<>(Arrays.asList(recipe.replace("\\\n", " ").strip().split("\\s+")));
    assertThat(words.remove(0)).isEqualTo("python");
    String script = words.remove(0);
    words.add(0, script.equals("run_qa.py") ? "run-qa" : "run-qa-beam-search");
    CommandLine cli = QaCommand.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(words.toArray(String[]::new));
    RunQaCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    command.validate();
    return command;
  }

  @Test
  void theReadmeRecipesParseUnchanged() throws IOException {
    RunQaCommand bert = parse(BERT_SQUAD);
    assertThat(bert.head()).hasToString("SPAN");
    assertThat(bert.modelNameOrPath).isEqualTo("bert-base-uncased");
    assertThat(bert.trainBatchSize).isEqualTo(12);
    assertThat(bert.learningRate).isEqualTo(3e-5);
    assertThat(bert.outputDir).isEqualTo(Path.of("/tmp/debug_squad/"));

    RunQaCommand xlnet = parse(XLNET_SQUAD);
    assertThat(xlnet.head()).hasToString("BEAM_SEARCH");
    assertThat(xlnet.evalBatchSize).isEqualTo(4);
    assertThat(xlnet.strategies.saveSteps).isEqualTo(5000);

    RunQaCommand v2 = parse(XLNET_SQUAD_V2);
    assertThat(v2.version2).isTrue();
    assertThat(v2.datasetName).isEqualTo("squad_v2");
    assertThat(v2.epochs).isEqualTo(4.0);
  }

  @Test
  void everyNewFlagParses() throws IOException {
    RunQaCommand c =
        parse(
            BERT_SQUAD.strip()
                + " --do_predict --test_file "
                + SharedData.devV11()
                + " --max_predict_samples 3 --eval_strategy epoch --save_strategy epoch"
                + " --save_total_limit 2 --load_best_model_at_end --metric_for_best_model"
                + " exact_match --logging_strategy steps --logging_first_step True --logging_dir"
                + " logs --adam_beta1 0.8 --adam_beta2 0.98 --adam_epsilon 1e-6"
                + " --lr_scheduler_type constant_with_warmup --model_revision v2 --token hf_x"
                + " --cache_dir cache --dataset_config_name plain_text --report_to jsonl"
                + " --run_name r1 --greater_is_better False");
    assertThat(c.doPredict).isTrue();
    assertThat(c.maxPredictSamples).isEqualTo(3);
    assertThat(c.lrSchedulerType).isEqualTo(SchedulerType.CONSTANT_WITH_WARMUP);
    assertThat(c.adamBeta2).isEqualTo(0.98);
    var strategies = c.strategies.strategies(c.spec);
    assertThat(strategies.evaluation().strategy()).isEqualTo(IntervalStrategy.EPOCH);
    assertThat(strategies.saveTotalLimit()).isEqualTo(2);
    assertThat(strategies.metricForBestModel()).isEqualTo("eval_exact_match");
    assertThat(strategies.greaterIsBetter()).isFalse();
    assertThat(strategies.loggingFirstStep()).isTrue();
    assertThat(c.report.runName).isEqualTo("r1");
    assertThat(c.hub.atRevision(c.spec, "org/model")).isEqualTo("org/model@v2");
  }

  private QaCommandTest.Run runWith(String json) throws IOException {
    Path file = tmp.resolve("args.json");
    Files.writeString(file, json);
    return QaCommandTest.run("run-qa", file.toString());
  }

  @Test
  void aJsonFileOfArgumentsRunsAsItsFlags() throws IOException {
    Path out = tmp.resolve("out");
    QaCommandTest.Run run =
        runWith(
            """
            {"config_name": "src/test/resources/bert-tiny-config.json",
             "tokenizer_name": "%s", "do_predict": true, "do_train": false,
             "test_file": "%s", "max_predict_samples": 2, "max_seq_length": 128,
             "doc_stride": 32, "output_dir": "%s", "report_to": ["none"],
             "push_to_hub": false, "hub_model_id": null}
            """
                .formatted(SharedData.bertTokenizer(), SharedData.devV11(), out));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("ignoring");
    assertThat(out.resolve("predict_predictions.json")).exists();
  }

  @Test
  void badJsonArgumentsNameTheFileAndTheKey() throws IOException {
    Path file = tmp.resolve("args.json");
    QaCommandTest.Run unknown = runWith("{\"output_dir\": \"o\", \"no_such_flag\": 1}");
    assertThat(unknown.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(unknown.err())
        .contains(file.toString())
        .contains("key 'no_such_flag' is not an argument of run-qa");

    QaCommandTest.Run badValue = runWith("{\"output_dir\": \"o\", \"learning_rate\": \"fast\"}");
    assertThat(badValue.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(badValue.err()).contains(file + ": key 'learning_rate':").contains("fast");

    QaCommandTest.Run object = runWith("{\"output_dir\": {\"a\": 1}}");
    assertThat(object.err()).contains("key 'output_dir': expected a value or a list");

    QaCommandTest.Run notJson = runWith("[1, 2]");
    assertThat(notJson.err()).contains(file + ": expected a JSON object of arguments");

    QaCommandTest.Run both = QaCommandTest.run("run-qa", "--do_train", file.toString());
    assertThat(both.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(both.err()).contains("give a JSON file of arguments or flags, not both");
  }

  @Test
  void badStrategiesAndSchedulesAreUsageErrorsNamingTheFlag() {
    String[] base = {
      "run-qa",
      "--model_name_or_path",
      "m",
      "--output_dir",
      "o",
      "--do_train",
      "--train_file",
      SharedData.devV11().toString()
    };
    QaCommandTest.Run scheduler = run(base, "--lr_scheduler_type", "polynomial");
    assertThat(scheduler.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(scheduler.err()).contains("--lr_scheduler_type").contains("constant_with_warmup");

    QaCommandTest.Run strategy = run(base, "--eval_strategy", "sometimes");
    assertThat(strategy.err()).contains("--eval_strategy").contains("no, steps or epoch");

    QaCommandTest.Run best =
        run(
            base,
            "--load_best_model_at_end",
            "--eval_strategy",
            "epoch",
            "--validation_file",
            SharedData.devV11().toString());
    assertThat(best.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(best.err()).contains("--load_best_model_at_end needs save_strategy (steps)");

    QaCommandTest.Run beta = run(base, "--adam_beta1", "1.5");
    assertThat(beta.err()).contains("--adam_beta1 must be in [0, 1), got 1.5");

    QaCommandTest.Run config = run(base, "--dataset_config_name", "other");
    assertThat(config.err()).contains("--dataset_config_name other").contains("plain_text");

    QaCommandTest.Run predict = run(base, "--do_predict");
    assertThat(predict.err()).contains("--do_predict needs --test_file");
  }

  private static QaCommandTest.Run run(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return QaCommandTest.run(all.toArray(String[]::new));
  }

  @Test
  void cacheDirAndRevisionFindTheModelAndTheDatasetInThatCache() throws IOException {
    Path cache = tmp.resolve("cache");
    String commit = "0123456789abcdef0123456789abcdef01234567";
    Path repo = cache.resolve("models--org--tiny");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/v1"), commit);
    Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    Files.writeString(snapshot.resolve("config.json"), "{}");
    Files.writeString(snapshot.resolve("model.safetensors"), "");
    Path squad = Files.createDirectories(cache.resolve("squad")).resolve("dev-v1.1.json");
    Files.copy(SharedData.devV11(), squad);

    CommandLine cli = QaCommand.commandLine();
    cli.parseArgs(
        "run-qa", "--output_dir", "o", "--cache_dir", cache.toString(), "--model_revision", "v1");
    RunQaCommand c = cli.getSubcommands().get("run-qa").getCommand();
    assertThat(c.hub.resolver().resolve(c.hub.atRevision(c.spec, "org/tiny"))).isEqualTo(snapshot);
    assertThat(c.hub.atRevision(c.spec, cache.toString())).isEqualTo(cache.toString());
    assertThat(c.hub.datasets().resolve("squad", "validation")).isEqualTo(squad);
  }
}
