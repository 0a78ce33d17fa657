package io.github.qa4j.examples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.features.WindowLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The window layout that a tokenizer's own files state, for a tokenizer without a model {@code
 * config.json} beside it: {@code run_qa.py} pads with the tokenizer's pad token on its padding
 * side. {@code tokenizer_config.json} (what transformers' {@code save_pretrained} writes) names the
 * pad token and side; a {@code tokenizer.json} with padding enabled states its pad id and side.
 */
final class TokenizerPadding {

  private TokenizerPadding() {}

  /**
   * The layout, or null when the files state no pad token.
   *
   * @param tokenizerJson the {@code tokenizer.json}; {@code tokenizer_config.json} is looked for
   *     beside it
   * @throws IllegalStateException naming the file when {@code tokenizer_config.json} is not JSON
   * @throws IllegalArgumentException naming the file when it pads on the left (the pad token type
   *     that such a family needs is the model's: give {@code --layout}) or names a pad token the
   *     tokenizer does not have
   */
  static WindowLayout layout(Path tokenizerJson) throws IOException {
    Path dir = tokenizerJson.toAbsolutePath().getParent();
    Path configFile = dir == null ? null : dir.resolve("tokenizer_config.json");
    JsonObject tokenizer;
    try {
      tokenizer = read(tokenizerJson);
    } catch (IllegalStateException e) {
      // Not a tokenizer.json: the featurizer that loads it reports that, naming the file.
      return null;
    }
    if (configFile != null && Files.isRegularFile(configFile)) {
      JsonObject config = read(configFile);
      JsonElement pad = config.get("pad_token");
      if (pad != null && !pad.isJsonNull()) {
        String content =
            pad.isJsonObject()
                ? pad.getAsJsonObject().get("content").getAsString()
                : pad.getAsString();
        String side =
            config.has("padding_side") ? config.get("padding_side").getAsString() : "right";
        return rightPadded(configFile, side, addedTokenId(tokenizer, content, configFile));
      }
    }
    JsonElement padding = tokenizer.get("padding");
    if (padding != null && padding.isJsonObject()) {
      JsonObject p = padding.getAsJsonObject();
      String side = p.has("direction") ? p.get("direction").getAsString() : "Right";
      return rightPadded(tokenizerJson, side, p.get("pad_id").getAsInt());
    }
    return null;
  }

  private static WindowLayout rightPadded(Path source, String side, int padId) {
    if (!"right".equalsIgnoreCase(side)) {
      throw new IllegalArgumentException(
          source
              + ": the tokenizer pads on the "
              + side
              + "; give --layout MODEL_TYPE or put the model's config.json beside the tokenizer");
    }
    return WindowLayout.questionFirst(padId);
  }

  private static int addedTokenId(JsonObject tokenizer, String content, Path source) {
    JsonElement added = tokenizer.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement t : added.getAsJsonArray()) {
        JsonObject token = t.getAsJsonObject();
        if (content.equals(token.get("content").getAsString())) {
          return token.get("id").getAsInt();
        }
      }
    }
    throw new IllegalArgumentException(
        source + ": pad_token '" + content + "' is not an added token of the tokenizer.json");
  }

  private static JsonObject read(Path file) throws IOException {
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      // A bad file is a failure while running (exit 1), not a bad argument.
      throw new IllegalStateException(file + ": not a JSON object: " + e.getMessage(), e);
    }
  }
}
