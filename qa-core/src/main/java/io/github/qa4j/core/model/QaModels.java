package io.github.qa4j.core.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.hub.ModelResolver;
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
 * models. This is how {@code qa-core} uses BERT and XLNet from {@code qa-models} without depending
 * on it at compile time.
 */
public final class QaModels {

  private QaModels() {}

  /**
   * Resolves {@code nameOrPath} (a directory, a Hub name such as {@code bert-base-uncased}, or
   * {@code maven:GROUP:ARTIFACT:VERSION}) with the default {@link ModelResolver} and loads it.
   */
  public static QaModel load(String nameOrPath, HeadType head, Device device) throws IOException {
    return load(ModelResolver.defaults().resolve(nameOrPath), head, device);
  }

  /** Loads a Hugging Face model directory with the family its {@code config.json} names. */
  public static QaModel load(Path directory, HeadType head, Device device) throws IOException {
    JsonObject config = readConfig(directory.resolve("config.json"));
    return provider(modelType(config, directory.resolve("config.json")))
        .load(directory, head, device);
  }

  /** Creates a randomly initialized model from a Hugging Face config object. */
  public static QaModel create(JsonObject config, HeadType head, long seed, Device device) {
    return provider(modelType(config, Path.of("config"))).create(config, head, seed, device);
  }

  /** Reads a {@code config.json}, with an error that names the file. */
  public static JsonObject readConfig(Path file) throws IOException {
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": model config not found", e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": not a JSON object: " + e.getMessage(), e);
    }
  }

  private static String modelType(JsonObject config, Path source) {
    if (!config.has("model_type")) {
      throw new IllegalArgumentException(source + ": field 'model_type' is missing");
    }
    return config.get("model_type").getAsString();
  }

  /** The provider for a Hugging Face {@code model_type}. */
  public static QaModelProvider provider(String modelType) {
    List<QaModelProvider> all = new ArrayList<>();
    for (QaModelProvider p : ServiceLoader.load(QaModelProvider.class)) {
      if (p.supports(modelType)) {
        return p;
      }
      all.add(p);
    }
    throw new IllegalArgumentException(
        "no model family supports model_type '"
            + modelType
            + "' (providers found: "
            + all.size()
            + "; is qa-models on the classpath?)");
  }
}
