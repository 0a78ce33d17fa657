package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code qa run-qa} leaves in {@code --output_dir} and its checkpoints beside the model,
 * as {@code run_qa.py} leaves them: {@code all_results.json}, {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} for the model family, {@code training_args.json}, the final
 * evaluation in {@code trainer_state.json}, and the model card. Tiny random models with BERT's,
 * XLNet's and a RoBERTa-style tokenizer, two steps each.
 */
class OutputDirFilesTest {

  @TempDir Path tmp;

  private static final Path ROBERTA_TOKENIZER =
      Path.of("src/test/resources/tokenizers/roberta-tiny/tokenizer.json");

  private static Path run(Path out, String config, Path tokenizer) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run-qa",
                "--config_name",
                config,
                "--tokenizer_name",
                tokenizer.toString(),
                "--train_file",
                SharedData.devV11().toString(),
                "--validation_file",
                SharedData.devV11().toString(),
                "--do_train",
                "--do_eval",
                "--max_train_samples",
                "8",
                "--max_eval_samples",
                "4",
                "--max_seq_length",
                "64",
                "--doc_stride",
                "16",
                "--per_device_train_batch_size",
                "4",
                "--max_steps",
                "2",
                "--save_steps",
                "2",
                "--logging_steps",
                "1",
                "--learning_rate",
                "1e-3",
                "--seed",
                "11",
                "--output_dir",
                out.toString()));
    QaCommandTest.Run run = QaCommandTest.run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return out;
  }

  private static JsonObject json(Path file) throws IOException {
    assertThat(file).exists();
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  private static void assertSpecialTokens(JsonObject file, Map<String, String> expected) {
    expected.forEach((k, v) -> assertThat(file.get(k).getAsString()).as(k).isEqualTo(v));
  }

  @Test
  void bertOutputFolderHasTheFilesRunQaLeaves() throws IOException {
    Path out =
        run(
            tmp.resolve("bert"),
            "src/test/resources/bert-tiny-config.json",
            SharedData.bertTokenizer());

    // all_results.json: the train and eval metrics merged.
    JsonObject train = json(out.resolve("train_results.json"));
    JsonObject eval = json(out.resolve("eval_results.json"));
    JsonObject all = json(out.resolve("all_results.json"));
    for (JsonObject part : List.of(train, eval)) {
      for (var e : part.entrySet()) {
        assertThat(all.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(all.keySet()).contains("train_loss", "train_runtime", "eval_exact_match", "eval_f1");
    assertThat(all.size()).isEqualTo(train.size() + eval.size());

    // The tokenizer files, in the folder and in the checkpoint.
    Map<String, String> bert =
        Map.of(
            "cls_token", "[CLS]",
            "sep_token", "[SEP]",
            "pad_token", "[PAD]",
            "unk_token", "[UNK]",
            "mask_token", "[MASK]");
    for (Path dir : List.of(out, out.resolve("checkpoint-2"))) {
      JsonObject config = json(dir.resolve("tokenizer_config.json"));
      assertThat(config.get("tokenizer_class").getAsString()).isEqualTo("BertTokenizerFast");
      assertThat(config.get("model_max_length").getAsInt()).isEqualTo(512);
      assertThat(config.get("do_lower_case").getAsBoolean()).isTrue();
      assertThat(config.get("padding_side").getAsString()).isEqualTo("right");
      assertSpecialTokens(config, bert);
      JsonObject map = json(dir.resolve("special_tokens_map.json"));
      assertThat(map.keySet()).containsExactlyInAnyOrderElementsOf(bert.keySet());
      assertSpecialTokens(map, bert);
      JsonObject args = json(dir.resolve("training_args.json"));
      assertThat(args.get("learning_rate").getAsDouble()).isEqualTo(1e-3);
      assertThat(args.get("per_device_train_batch_size").getAsInt()).isEqualTo(4);
      assertThat(args.get("max_steps").getAsInt()).isEqualTo(2);
      assertThat(args.get("seed").getAsInt()).isEqualTo(11);
      assertThat(args.get("max_seq_length").getAsInt()).isEqualTo(64);
      assertThat(args.get("doc_stride").getAsInt()).isEqualTo(16);
      assertThat(args.get("train_file").getAsString()).isEqualTo(SharedData.devV11().toString());
      assertThat(args.get("config_name").getAsString())
          .isEqualTo("src/test/resources/bert-tiny-config.json");
      assertThat(args.get("do_train").getAsBoolean()).isTrue();
      assertThat(args.get("max_train_samples").getAsInt()).isEqualTo(8);
    }
    assertThat(out.resolve("checkpoint-2/all_results.json")).doesNotExist();

    // trainer_state.json: the two loss entries, then the final evaluation at the last step.
    JsonObject state = json(out.resolve("trainer_state.json"));
    JsonArray log = state.getAsJsonArray("log_history");
    assertThat(log).hasSize(3);
    assertThat(log.get(0).getAsJsonObject().has("loss")).isTrue();
    assertThat(log.get(1).getAsJsonObject().has("loss")).isTrue();
    JsonObject last = log.get(2).getAsJsonObject();
    assertThat(last.has("loss")).isFalse();
    assertThat(last.get("step").getAsLong()).isEqualTo(state.get("global_step").getAsLong());
    assertThat(last.get("eval_f1").getAsDouble()).isEqualTo(eval.get("eval_f1").getAsDouble());
    assertThat(last.get("eval_exact_match").getAsDouble())
        .isEqualTo(eval.get("eval_exact_match").getAsDouble());
    // The checkpoint's state was written before the evaluation.
    assertThat(json(out.resolve("checkpoint-2/trainer_state.json")).getAsJsonArray("log_history"))
        .hasSize(2);

    // The model card: base model, data, settings and results.
    String card = Files.readString(out.resolve("README.md"));
    assertThat(card)
        .startsWith("---\n")
        .contains("pipeline_tag: question-answering")
        .doesNotContain("base_model")
        .contains("from random weights (configuration `src/test/resources/bert-tiny-config.json`)")
        .contains("train_file: `" + SharedData.devV11() + "`")
        .contains("- learning_rate: 0.001")
        .contains("- max_seq_length: 64")
        .contains("| eval_f1 | ")
        .contains("| train_loss | ");
  }

  @Test
  void xlnetTokenizerConfigPadsLeftWithItsOwnSpecialTokens() throws IOException {
    Path out =
        run(
            tmp.resolve("xlnet"),
            "src/test/resources/xlnet-tiny-config.json",
            SharedData.xlnetTokenizer());
    JsonObject config = json(out.resolve("tokenizer_config.json"));
    assertThat(config.get("tokenizer_class").getAsString()).isEqualTo("XLNetTokenizerFast");
    assertThat(config.get("padding_side").getAsString()).isEqualTo("left");
    assertThat(config.get("do_lower_case").getAsBoolean()).isFalse();
    assertThat(config.has("model_max_length")).as("relative positions: no limit").isFalse();
    Map<String, String> xlnet =
        Map.of(
            "bos_token", "<s>",
            "eos_token", "</s>",
            "unk_token", "<unk>",
            "sep_token", "<sep>",
            "pad_token", "<pad>",
            "cls_token", "<cls>",
            "mask_token", "<mask>");
    assertSpecialTokens(config, xlnet);
    JsonObject map = json(out.resolve("special_tokens_map.json"));
    assertSpecialTokens(map, xlnet);
    List<String> additional = new ArrayList<>();
    for (JsonElement e : map.getAsJsonArray("additional_special_tokens")) {
      additional.add(e.getAsString());
    }
    assertThat(additional).containsExactlyInAnyOrder("<eop>", "<eod>");
  }

  @Test
  void robertaStyleTokenizerConfigTakesClsAndSepFromThePostProcessor() throws IOException {
    Path out =
        run(
            tmp.resolve("roberta"),
            "src/test/resources/roberta-tiny-config.json",
            ROBERTA_TOKENIZER);
    JsonObject config = json(out.resolve("tokenizer_config.json"));
    assertThat(config.get("tokenizer_class").getAsString()).isEqualTo("RobertaTokenizerFast");
    // 130 positions, less RoBERTa's offset of pad_token_id + 1.
    assertThat(config.get("model_max_length").getAsInt()).isEqualTo(128);
    assertSpecialTokens(
        config,
        Map.of(
            "bos_token", "<s>",
            "eos_token", "</s>",
            "unk_token", "<unk>",
            "sep_token", "</s>",
            "pad_token", "<pad>",
            "cls_token", "<s>",
            "mask_token", "<mask>"));
    assertThat(json(out.resolve("special_tokens_map.json")).has("additional_special_tokens"))
        .isFalse();
  }
}
