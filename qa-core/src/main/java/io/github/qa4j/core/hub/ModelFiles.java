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

  /** Files fetched when the repository has them; the model loads without them. */
  static final List<String> OPTIONAL =
      List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt");

  private ModelFiles() {}

  /** The shard files that a {@code model.safetensors.index.json} names in its weight map. */
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
      throw new IOException(index + ": not a safetensors index: " + e.getMessage(), e);
    }
  }

  /** Whether {@code dir} has a config and all weights (one file, or an index and its shards). */
  static boolean isComplete(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      return false;
    }
    if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
      return true;
    }
    Path index = dir.resolve(WEIGHTS_INDEX);
    if (!Files.isRegularFile(index)) {
      return false;
    }
    for (String shard : shards(index)) {
      if (!Files.isRegularFile(dir.resolve(shard))) {
        return false;
      }
    }
    return true;
  }
}
