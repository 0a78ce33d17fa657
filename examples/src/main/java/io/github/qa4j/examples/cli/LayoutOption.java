package io.github.qa4j.examples.cli;

import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --layout MODEL_TYPE}, decided the same way by every command that cuts windows: the flag
 * when given (any {@code model_type} a family serves: bert, xlnet, roberta, ...), else the family
 * of the {@code config.json} beside the tokenizer, else the pad token and side that the tokenizer's
 * own files state, as transformers reads them ({@code tokenizer_config.json}'s {@code pad_token}
 * and {@code padding_side}, else {@code tokenizer.json}'s {@code padding}), else BERT's layout.
 */
final class LayoutOption {

  private static final String FALLBACK = "bert";

  @Option(
      names = "--layout",
      paramLabel = "MODEL_TYPE",
      description =
          "Override the window layout with a model_type's (bert, xlnet, roberta, ...); by default"
              + " the family of the config.json beside the tokenizer, else the pad token the"
              + " tokenizer's files state, else bert.")
  String layout;

  /**
   * The layout for cutting windows with {@code tokenizer}.
   *
   * @param spec names the command in errors
   * @param tokenizer the {@code --tokenizer} file
   */
  WindowLayout of(CommandLine.Model.CommandSpec spec, Path tokenizer) {
    try {
      if (layout != null) {
        return forModelType(layout.strip().toLowerCase(Locale.ROOT));
      }
      Path dir = tokenizer.toAbsolutePath().getParent();
      if (dir != null && Files.isRegularFile(dir.resolve("config.json"))) {
        return QaModels.layout(dir);
      }
      WindowLayout stated = TokenizerPadding.layout(tokenizer);
      return stated != null ? stated : forModelType(FALLBACK);
    } catch (IllegalArgumentException | IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static WindowLayout forModelType(String modelType) {
    JsonObject config = new JsonObject();
    config.addProperty("model_type", modelType);
    return QaModels.provider(config, Path.of("--layout")).layout(config);
  }
}
