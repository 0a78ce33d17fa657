package io.github.qa4j.core.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code training_args.json}: the settings a run used, under the names of transformers' {@code
 * TrainingArguments} and of {@code run_qa.py}'s data arguments, as JSON (transformers pickles them
 * into {@code training_args.bin}, which Java cannot write safely; its {@code
 * TrainingArguments.to_json_string()} gives the same keys). Written beside the model and into every
 * checkpoint.
 */
final class TrainingArguments {

  static final String FILE = "training_args.json";

  private TrainingArguments() {}

  /**
   * The settings of {@code config}, then {@code extra} (what the caller knows beyond the trainer,
   * such as {@code model_name_or_path} or {@code train_file}), keys sorted.
   */
  static JsonObject of(TrainingConfig config, Map<String, Object> extra) {
    Map<String, Object> args = new TreeMap<>();
    args.put("output_dir", config.outputDir() == null ? null : config.outputDir().toString());
    args.put("per_device_train_batch_size", config.batchSize());
    args.put("per_device_eval_batch_size", config.evalBatchSize());
    args.put("gradient_accumulation_steps", config.gradientAccumulationSteps());
    args.put("learning_rate", config.optimizer().learningRate());
    args.put("weight_decay", config.optimizer().weightDecay());
    args.put("adam_beta1", config.optimizer().beta1());
    args.put("adam_beta2", config.optimizer().beta2());
    args.put("adam_epsilon", config.optimizer().epsilon());
    args.put("max_grad_norm", config.maxGradNorm());
    args.put("num_train_epochs", config.epochs());
    args.put("max_steps", config.maxSteps() > 0 ? config.maxSteps() : -1);
    args.put("lr_scheduler_type", config.schedule().type().flagValue());
    args.put("warmup_ratio", config.schedule().warmupRatio());
    args.put("warmup_steps", config.schedule().warmupSteps());
    Strategies strategies = config.strategies();
    args.put("logging_strategy", strategies.logging().strategy().flagValue());
    args.put("logging_steps", strategies.logging().steps());
    args.put("logging_first_step", strategies.loggingFirstStep());
    args.put("eval_strategy", strategies.evaluation().strategy().flagValue());
    args.put("eval_steps", strategies.evaluation().steps());
    args.put("save_strategy", strategies.saving().strategy().flagValue());
    args.put("save_steps", strategies.saving().steps());
    args.put(
        "save_total_limit", strategies.saveTotalLimit() > 0 ? strategies.saveTotalLimit() : null);
    args.put("load_best_model_at_end", strategies.loadBestModelAtEnd());
    args.put("metric_for_best_model", strategies.metricForBestModel());
    args.put("greater_is_better", strategies.greaterIsBetter());
    args.put("group_by_length", config.groupByLength());
    args.put("seed", config.seed());
    args.put("bf16", config.bf16());
    args.put("max_seq_length", config.windows().maxSeqLength());
    args.put("doc_stride", config.windows().stride());
    args.put("pad_to_max_length", config.padToMaxLength());
    args.put("n_best_size", config.decoding().nBestSize());
    args.put("max_answer_length", config.decoding().maxAnswerLength());
    args.put("version_2_with_negative", config.decoding().allowNoAnswer());
    args.put("null_score_diff_threshold", config.decoding().nullScoreDiffThreshold());
    args.put("precision", config.precision().flag());
    args.put("head", config.head().name().toLowerCase(Locale.ROOT));
    args.putAll(extra);
    JsonObject json = new JsonObject();
    args.forEach((k, v) -> json.add(k, element(v)));
    return json;
  }

  /** Writes the arguments made by {@link #of} into {@code dir}. */
  static void write(Path dir, JsonObject arguments) throws IOException {
    AtomicFiles.writeString(
        dir.resolve(FILE),
        new GsonBuilder()
                .setPrettyPrinting()
                .serializeNulls()
                .disableHtmlEscaping()
                .create()
                .toJson(arguments)
            + "\n");
  }

  /** Reads {@code training_args.json} from {@code dir}; an empty object when there is none. */
  static JsonObject read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")", e);
    }
  }

  private static JsonElement element(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    } else if (value instanceof Number n) {
      return new JsonPrimitive(n);
    } else if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    return new JsonPrimitive(value.toString());
  }
}
