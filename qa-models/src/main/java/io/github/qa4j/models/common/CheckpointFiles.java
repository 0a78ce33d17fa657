package io.github.qa4j.models.common;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.models.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the tensors of a Hugging Face model directory, in transformers' order of preference: {@code
 * model.safetensors}, the shards that {@code model.safetensors.index.json} lists, {@code
 * pytorch_model.bin}, or the shards that {@code pytorch_model.bin.index.json} lists. PyTorch files
 * are decoded by {@link TorchCheckpoint}, which never executes anything from them.
 */
public final class CheckpointFiles {

  /** The single-file checkpoint name. */
  public static final String SAFETENSORS = "model.safetensors";

  /** The index of a sharded checkpoint. */
  public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

  /** The single-file PyTorch checkpoint name. */
  public static final String PYTORCH = "pytorch_model.bin";

  /** The index of a sharded PyTorch checkpoint. */
  public static final String PYTORCH_INDEX = "pytorch_model.bin.index.json";

  /** Reads one checkpoint file. */
  @FunctionalInterface
  private interface FileReader {
    Map<String, HostTensor> read(Path file) throws IOException;
  }

  private CheckpointFiles() {}

  /**
   * Every tensor of the directory's checkpoint by name.
   *
   * @throws IOException when no checkpoint is there, a file is unreadable, a shard is missing or
   *     lacks a tensor that the index assigns to it; the message names the file
   */
  public static Map<String, HostTensor> read(Path directory) throws IOException {
    if (Files.isRegularFile(directory.resolve(SAFETENSORS))) {
      return Safetensors.read(directory.resolve(SAFETENSORS));
    }
    if (Files.isRegularFile(directory.resolve(SAFETENSORS_INDEX))) {
      return readSharded(directory.resolve(SAFETENSORS_INDEX), Safetensors::read);
    }
    if (Files.isRegularFile(directory.resolve(PYTORCH))) {
      return TorchCheckpoint.read(directory.resolve(PYTORCH));
    }
    if (Files.isRegularFile(directory.resolve(PYTORCH_INDEX))) {
      return readSharded(directory.resolve(PYTORCH_INDEX), TorchCheckpoint::read);
    }
    throw new IOException(
        directory
            + ": no checkpoint ("
            + String.join(", ", SAFETENSORS, SAFETENSORS_INDEX, PYTORCH, PYTORCH_INDEX)
            + ")");
  }

  private static Map<String, HostTensor> readSharded(Path index, FileReader reader)
      throws IOException {
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
      out.putAll(reader.read(file));
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
