package io.github.qa4j.core.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A short {@code README.md} model card for an output directory, made from what the run wrote there:
 * {@code training_args.json} (base model, data, settings) and {@code all_results.json} (results).
 * Rewritten whenever results are saved, so it always describes the files beside it.
 */
final class ModelCard {

  static final String FILE = "README.md";

  /** The settings the card lists, in this order, when the run recorded them. */
  private static final List<String> KEY_SETTINGS =
      List.of(
          "learning_rate",
          "per_device_train_batch_size",
          "gradient_accumulation_steps",
          "num_train_epochs",
          "max_steps",
          "warmup_ratio",
          "warmup_steps",
          "weight_decay",
          "lr_scheduler_type",
          "max_seq_length",
          "doc_stride",
          "version_2_with_negative",
          "seed",
          "bf16");

  private ModelCard() {}

  /** Writes {@code README.md} into {@code outputDir} from the files already there. */
  static void write(Path outputDir) throws IOException {
    AtomicFiles.writeString(
        outputDir.resolve(FILE),
        render(TrainingArguments.read(outputDir), ResultFiles.readAll(outputDir)));
  }

  static String render(JsonObject args, JsonObject results) {
    StringBuilder card = new StringBuilder();
    String base = text(args, "model_name_or_path");
    String config = text(args, "config_name");
    String head = "beam_search".equals(text(args, "head")) ? "beam-search (answerability)" : "span";
    card.append("---\nlibrary_name: qa4j\npipeline_tag: question-answering\n");
    if (base != null) {
      card.append("base_model: ").append(base).append('\n');
    }
    card.append("---\n\n# Extractive question answering\n\n");
    card.append("Fine-tuned with qa4j (`run_qa.py` for Java) with the ")
        .append(head)
        .append(" head");
    if (base != null) {
      card.append(" from `").append(base).append('`');
    } else if (config != null) {
      card.append(" from random weights (configuration `").append(config).append("`)");
    }
    card.append(".\n\n## Data\n\n");
    boolean anyData = false;
    for (String key : List.of("dataset_name", "train_file", "validation_file", "test_file")) {
      String value = text(args, key);
      if (value != null) {
        card.append("- ").append(key).append(": `").append(value).append("`\n");
        anyData = true;
      }
    }
    if (!anyData) {
      card.append("- not recorded\n");
    }
    card.append("\n## Training settings\n\n");
    for (String key : KEY_SETTINGS) {
      if (args.has(key) && !args.get(key).isJsonNull()) {
        card.append("- ").append(key).append(": ").append(value(args.get(key))).append('\n');
      }
    }
    card.append("\nAll settings are in `training_args.json`.\n\n## Results\n\n");
    if (results.isEmpty()) {
      card.append("No results yet.\n");
    } else {
      card.append("| metric | value |\n| --- | --- |\n");
      for (Map.Entry<String, JsonElement> e : results.entrySet()) {
        card.append("| ")
            .append(e.getKey())
            .append(" | ")
            .append(value(e.getValue()))
            .append(" |\n");
      }
      card.append("\nAs in `all_results.json`.\n");
    }
    return card.toString();
  }

  /** A number to 6 significant digits in plain notation (0.00005, 88.4567, 3); text unquoted. */
  private static String value(JsonElement v) {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
      return new BigDecimal(v.getAsString())
          .round(new MathContext(6))
          .stripTrailingZeros()
          .toPlainString();
    }
    return v.isJsonPrimitive() ? v.getAsString() : v.toString();
  }

  private static String text(JsonObject args, String key) {
    JsonElement v = args.get(key);
    return v == null || v.isJsonNull() ? null : v.getAsString();
  }
}
