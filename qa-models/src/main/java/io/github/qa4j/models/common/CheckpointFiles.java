package io.github.qa4j.models.common;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the tensors of a Hugging Face model directory: {@code model.safetensors}, or the shards
 * that {@code model.safetensors.index.json} lists.
 */
public final class CheckpointFiles {

  /** The single-file checkpoint name. */
  public static final String SAFETENSORS = "model.safetensors";

  /** The index of a sharded checkpoint. */
  public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

  private CheckpointFiles() {}

  /**
   * Every tensor of the directory's checkpoint by name.
   *
   * @throws IOException when no checkpoint is there, a shard is missing or lacks a tensor that the
   *     index assigns to it; the message names the file
   */
  public static Map<String, HostTensor> read(Path directory) throws IOException {
    Path single = directory.resolve(SAFETENSORS);
    if (Files.isRegularFile(single)) {
      return Safetensors.read(single);
    }
    Path index = directory.resolve(SAFETENSORS_INDEX);
    if (Files.isRegularFile(index)) {
      return readSharded(index);
    }
    throw new IOException(
        directory
            + ": no "
            + SAFETENSORS
            + " or "
            + SAFETENSORS_INDEX
            + " (only safetensors checkpoints are read; convert pytorch_model.bin with"
            + " transformers' save_pretrained(safe_serialization=True))");
  }

  private static Map<String, HostTensor> readSharded(Path index) throws IOException {
    JsonObject json = QaModels.readConfig(index);
    JsonElement weightMap = json.get("weight_map");
    if (weightMap == null || !weightMap.isJsonObject()) {
      throw new IOException(index + ": field 'weight_map' is missing or not an object");
    }
    Map<String, String> fileOf = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : weightMap.getAsJsonObject().entrySet()) {
      if (!e.getValue().isJsonPrimitive()) {
        throw new IOException(
            index + ": weight_map entry '" + e.getKey() + "' is not a file name: " + e.getValue());
      }
      fileOf.put(e.getKey(), e.getValue().getAsString());
    }
    Set<String> shards = new LinkedHashSet<>(fileOf.values());
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (String shard : shards) {
      Path name = Path.of(shard);
      if (name.getNameCount() != 1 || shard.equals("..") || name.isAbsolute()) {
        throw new IOException(
            index + ": shard '" + shard + "' is not a file in the model directory");
      }
      Path file = index.resolveSibling(name);
      if (!Files.isRegularFile(file)) {
        throw new IOException(index + ": shard '" + shard + "' does not exist (" + file + ")");
      }
      out.putAll(Safetensors.read(file));
    }
    for (Map.Entry<String, String> e : fileOf.entrySet()) {
      if (!out.containsKey(e.getKey())) {
        throw new IOException(
            index
                + ": tensor '"
                + e.getKey()
                + "' is assigned to shard '"
                + e.getValue()
                + "', which does not contain it");
      }
    }
    return out;
  }
}
