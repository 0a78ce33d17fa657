package io.github.qa4j.core.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which files make a usable Hugging Face model directory. */
final class ModelFiles {

  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.safetensors";
  static final String WEIGHTS_INDEX = "model.safetensors.index.json";
  static final String PYTORCH_WEIGHTS = "pytorch_model.bin";
  static final String PYTORCH_WEIGHTS_INDEX = "pytorch_model.bin.index.json";

  /**
   * The weight files in transformers' order of preference: a single file, or an index (ending in
   * {@code .index.json}) whose shards come with it. Safetensors first; PyTorch files are read
   * without executing them.
   */
  static final List<String> WEIGHT_CHOICES =
      List.of(WEIGHTS, WEIGHTS_INDEX, PYTORCH_WEIGHTS, PYTORCH_WEIGHTS_INDEX);

  /** Files fetched when the repository has them; the model loads without them. */
  static final List<String> OPTIONAL =
      List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt");

  private ModelFiles() {}

  /** Whether a weight file is an index of shards rather than the weights themselves. */
  static boolean isIndex(String weightFile) {
    return weightFile.endsWith(".index.json");
  }

  /** The shard files that a weight index ({@code *.index.json}) names in its weight map. */
  static Set<String> shards(Path index) throws IOException {
    try {
      JsonObject weightMap =
          JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("weight_map");
      if (weightMap == null) {
        throw new IOException(index + ": field 'weight_map' is missing");
      }
      Set<String> files = new TreeSet<>();
      for (var e : weightMap.entrySet()) {
        JsonElement v = e.getValue();
        String file = v.getAsString();
        if (file.contains("..") || file.startsWith("/")) {
          throw new IOException(index + ": weight_map '" + e.getKey() + "' names bad file " + file);
        }
        files.add(file);
      }
      return files;
    } catch (JsonParseException | IllegalStateException | ClassCastException e) {
      throw new IOException(index + ": not a weight index: " + e.getMessage(), e);
    }
  }

  /** Whether {@code dir} has a config and all weights (one file, or an index and its shards). */
  static boolean isComplete(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      return false;
    }
    for (String weights : WEIGHT_CHOICES) {
      Path file = dir.resolve(weights);
      if (Files.isRegularFile(file)) {
        return !isIndex(weights) || allShardsPresent(dir, file);
      }
    }
    return false;
  }

  private static boolean allShardsPresent(Path dir, Path index) throws IOException {
    for (String shard : shards(index)) {
      if (!Files.isRegularFile(dir.resolve(shard))) {
        return false;
      }
    }
    return true;
  }
}
