package io.github.qa4j.core.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.features.WindowLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the model family for a checkpoint through {@link ServiceLoader} and loads or creates
 * models. This is how {@code qa-core} uses the families of {@code qa-models} without depending on
 * them at compile time.
 */
public final class QaModels {

  /** The seed of heads initialized on load when none is given ({@code run_qa.py}'s default). */
  public static final long DEFAULT_SEED = 42;

  private QaModels() {}

  /**
   * Loads a Hugging Face model directory with the family its {@code config.json} names; a head
   * missing from the checkpoint is initialized from {@code seed}.
   *
   * @param head the head, or null for the one the checkpoint carries ({@link
   *     QaModelProvider#defaultHead})
   */
  public static QaModel load(Path directory, HeadType head, long seed, Device device)
      throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject config = readConfig(configFile);
    QaModelProvider family = provider(config, configFile);
    return family.load(directory, head != null ? head : family.defaultHead(config), seed, device);
  }

  /** Creates a randomly initialized model from a Hugging Face config object. */
  public static QaModel create(JsonObject config, HeadType head, long seed, Device device) {
    return provider(config, Path.of("config")).create(config, head, seed, device);
  }

  /**
   * The window layout of the model whose {@code config.json} is in {@code directory}, for cutting
   * windows without loading the model.
   */
  public static WindowLayout layout(Path directory) throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject config = readConfig(configFile);
    return provider(config, configFile).layout(config);
  }

  /** Reads a {@code config.json}, with an error that names the file. */
  public static JsonObject readConfig(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, expected a model config.json file");
    }
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": model config not found", e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * The family of a {@code config.json} object.
   *
   * @param source names the config in errors
   * @throws IllegalArgumentException when {@code model_type} is missing or no family supports it
   */
  public static QaModelProvider provider(JsonObject config, Path source) {
    if (!config.has("model_type")) {
      throw new IllegalArgumentException(source + ": field 'model_type' is missing");
    }
    String modelType = config.get("model_type").getAsString();
    List<QaModelProvider> all = new ArrayList<>();
    for (QaModelProvider p : ServiceLoader.load(QaModelProvider.class)) {
      if (p.supports(modelType)) {
        return p;
      }
      all.add(p);
    }
    throw new IllegalArgumentException(
        source
            + ": no model family supports model_type '"
            + modelType
            + "' (providers found: "
            + all.size()
            + "; is qa-models on the classpath?)");
  }
}
