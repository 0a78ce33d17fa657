package io.github.qa4j.examples.cli;

import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one way the CLI decides a window layout: {@code --layout MODEL_TYPE} when given (any {@code
 * model_type} a family serves: bert, xlnet, ...), else the family of the {@code config.json} beside
 * the tokenizer, else BERT's layout.
 */
final class Layouts {

  private static final String FALLBACK = "bert";

  private Layouts() {}

  /**
   * The layout for cutting windows with {@code tokenizer}.
   *
   * @param spec names the command in errors
   * @param layout the {@code --layout} value, or null
   * @param tokenizer the {@code --tokenizer} file
   */
  static WindowLayout of(CommandLine.Model.CommandSpec spec, String layout, Path tokenizer) {
    try {
      if (layout != null) {
        return forModelType(layout.toLowerCase(Locale.ROOT), Path.of("--layout"));
      }
      Path dir = tokenizer.toAbsolutePath().getParent();
      if (dir != null && Files.isRegularFile(dir.resolve("config.json"))) {
        return QaModels.layout(dir);
      }
      return forModelType(FALLBACK, Path.of("--layout"));
    } catch (IllegalArgumentException | IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static WindowLayout forModelType(String modelType, Path source) {
    JsonObject config = new JsonObject();
    config.addProperty("model_type", modelType);
    return QaModels.provider(config, source).layout(config);
  }
}
