package io.github.qa4j.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.features.QaFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads back the windows that {@code qa features} writes (JSONL, gzipped when the name ends in
 * {@code .gz}), for commands that run a model over them. Offsets are kept only as context markers:
 * a model needs the ids, types, masks, CLS index and p_mask.
 */
final class FeatureLines {

  private FeatureLines() {}

  /**
   * Every window of the file, in order.
   *
   * @throws IllegalArgumentException naming the file and line when a line is not a window or the
   *     windows differ in length
   */
  static List<QaFeature> read(Path file) throws IOException {
    List<QaFeature> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    file.getFileName().toString().endsWith(".gz")
                        ? new GZIPInputStream(raw, 1 << 16)
                        : raw,
                    StandardCharsets.UTF_8))) {
      int lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String at = file + " line " + lineNo;
        QaFeature f = feature(line, at);
        if (!out.isEmpty() && out.get(0).length() != f.length()) {
          throw new IllegalArgumentException(
              at
                  + ": a window of "
                  + f.length()
                  + " tokens after windows of "
                  + out.get(0).length());
        }
        out.add(f);
      }
    }
    return out;
  }

  private static QaFeature feature(String line, String at) {
    JsonObject o;
    try {
      o = JsonParser.parseString(line).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(at + ": not a JSON object: " + e.getMessage(), e);
    }
    try {
      int[] ids = ints(o, "input_ids", at);
      int n = ids.length;
      int[] start = new int[n];
      int[] end = new int[n];
      Arrays.fill(start, -1);
      Arrays.fill(end, -1);
      JsonArray offsets = array(o, "offsets", at);
      for (int t = 0; t < Math.min(n, offsets.size()); t++) {
        JsonElement pair = offsets.get(t);
        if (!pair.isJsonNull()) {
          start[t] = pair.getAsJsonArray().get(0).getAsInt();
          end[t] = pair.getAsJsonArray().get(1).getAsInt();
        }
      }
      int cls = number(o, "cls_index", at);
      if (cls < 0 || cls >= n) {
        throw new IllegalArgumentException(at + ": cls_index " + cls + " outside the window");
      }
      return new QaFeature(
          string(o, "example_id", at),
          ids,
          ints(o, "token_type_ids", at),
          ints(o, "attention_mask", at),
          start,
          end,
          cls,
          number(o, "start_position", at),
          number(o, "end_position", at),
          number(o, "is_impossible", at) != 0,
          ints(o, "p_mask", at));
    } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw new IllegalArgumentException(at + ": malformed window: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(at)
          ? e
          : new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static JsonElement field(JsonObject o, String name, String at) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException(at + ": field '" + name + "' is missing");
    }
    return e;
  }

  private static JsonArray array(JsonObject o, String name, String at) {
    JsonElement e = field(o, name, at);
    if (!e.isJsonArray()) {
      throw new IllegalArgumentException(at + ": field '" + name + "' is not an array");
    }
    return e.getAsJsonArray();
  }

  private static int[] ints(JsonObject o, String name, String at) {
    JsonArray a = array(o, name, at);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }

  private static int number(JsonObject o, String name, String at) {
    return field(o, name, at).getAsInt();
  }

  private static String string(JsonObject o, String name, String at) {
    return field(o, name, at).getAsString();
  }
}
