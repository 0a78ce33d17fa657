package io.github.qa4j.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics files of an output directory, as transformers' {@code Trainer.save_metrics} writes
 * them: {@code <split>_results.json} for one split ({@code train}, {@code eval}, {@code predict})
 * and {@code all_results.json}, the metrics of every split saved into the directory merged, keys
 * sorted.
 */
public final class ResultFiles {

  /** The merged results file. */
  public static final String ALL_RESULTS = "all_results.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  private ResultFiles() {}

  /**
   * Writes {@code <split>_results.json} and merges the metrics into {@code all_results.json} (a
   * metric of the same name is replaced). A metric that is not a finite number is written as {@code
   * null}: JSON has no NaN.
   *
   * @throws IOException when a file cannot be written, or {@code all_results.json} exists and is
   *     not a JSON object (it names the file)
   */
  public static void save(Path outputDir, String split, Map<String, ?> metrics) throws IOException {
    JsonObject results = sorted(toJson(metrics));
    AtomicFiles.writeString(
        outputDir.resolve(split + "_results.json"), GSON.toJson(results) + "\n");
    JsonObject all = readAll(outputDir);
    for (Map.Entry<String, JsonElement> e : results.entrySet()) {
      all.add(e.getKey(), e.getValue());
    }
    AtomicFiles.writeString(outputDir.resolve(ALL_RESULTS), GSON.toJson(sorted(all)) + "\n");
  }

  /** The metrics saved in {@code all_results.json}, or an empty object when there is none. */
  static JsonObject readAll(Path outputDir) throws IOException {
    Path allFile = outputDir.resolve(ALL_RESULTS);
    if (!Files.exists(allFile)) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(Files.readString(allFile, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(allFile + ": not a JSON object (" + e.getMessage() + ")", e);
    }
  }

  private static JsonObject toJson(Map<String, ?> metrics) {
    JsonObject json = new JsonObject();
    metrics.forEach(
        (k, v) -> {
          if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            json.addProperty(k, n);
          } else if (v instanceof Number || v == null) {
            json.add(k, JsonNull.INSTANCE);
          } else if (v instanceof Boolean b) {
            json.addProperty(k, b);
          } else {
            json.addProperty(k, v.toString());
          }
        });
    return json;
  }

  private static JsonObject sorted(JsonObject json) {
    Map<String, JsonElement> byKey = new TreeMap<>();
    json.entrySet().forEach(e -> byKey.put(e.getKey(), e.getValue()));
    JsonObject out = new JsonObject();
    byKey.forEach(out::add);
    return out;
  }
}
