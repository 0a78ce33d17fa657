package io.github.qa4j.core.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Checks, when a model and a tokenizer are put together, that they fit: every token id the
 * tokenizer can produce has a row in the model's embeddings, and the window is no longer than the
 * model's absolute positions. Without these checks the first forward pass fails deep in the engine
 * with "index out of range in self", naming neither file.
 */
public final class ModelFit {

  private ModelFit() {}

  /**
   * Throws when the tokenizer {@code tokenizerFile} or the window length {@code maxSeqLength} does
   * not fit the model config {@code config} read from {@code configSource}.
   *
   * @throws IllegalArgumentException naming both files (or the window length) and the numbers
   * @throws IOException when the tokenizer file cannot be read as JSON
   */
  public static void check(
      JsonObject config, Path configSource, Path tokenizerFile, int maxSeqLength)
      throws IOException {
    if (config.has("vocab_size") && config.get("vocab_size").isJsonPrimitive()) {
      long vocab = config.get("vocab_size").getAsLong();
      long ids = tokenizerIds(tokenizerFile);
      if (ids > vocab) {
        throw new IllegalArgumentException(
            "the tokenizer "
                + tokenizerFile
                + " produces token ids up to "
                + (ids - 1)
                + ", but the model "
                + configSource
                + " has vocab_size "
                + vocab
                + ": the model and the tokenizer do not belong together");
      }
    }
    OptionalInt positions = maxWindow(config);
    if (positions.isPresent() && maxSeqLength > positions.getAsInt()) {
      throw new IllegalArgumentException(
          "a window of "
              + maxSeqLength
              + " tokens is longer than the "
              + positions.getAsInt()
              + " positions of the model "
              + configSource
              + " (max_position_embeddings): use a window of at most "
              + positions.getAsInt());
    }
  }

  /**
   * The longest window the model can take: {@code max_position_embeddings} for models with absolute
   * positions; empty for relative ones (XLNet), which have no such limit.
   */
  public static OptionalInt maxWindow(JsonObject config) {
    JsonElement positions = config.get("max_position_embeddings");
    if (positions == null || !positions.isJsonPrimitive()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(positions.getAsInt());
  }

  /** One more than the highest id in a Hugging Face {@code tokenizer.json}. */
  static long tokenizerIds(Path tokenizerFile) throws IOException {
    JsonObject json;
    try (Reader in = Files.newBufferedReader(tokenizerFile, StandardCharsets.UTF_8)) {
      json = JsonParser.parseReader(in).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(
          tokenizerFile + ": not a Hugging Face tokenizer.json (" + e.getMessage() + ")", e);
    }
    long max = -1;
    JsonObject model = json.has("model") ? json.getAsJsonObject("model") : new JsonObject();
    JsonElement vocab = model.get("vocab");
    if (vocab != null && vocab.isJsonObject()) {
      // WordPiece / BPE: token -> id
      for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
        max = Math.max(max, e.getValue().getAsLong());
      }
    } else if (vocab != null && vocab.isJsonArray()) {
      // Unigram (SentencePiece): [piece, score] pairs, the id is the position
      max = vocab.getAsJsonArray().size() - 1L;
    }
    if (json.has("added_tokens") && json.get("added_tokens").isJsonArray()) {
      for (JsonElement t : json.getAsJsonArray("added_tokens")) {
        max = Math.max(max, t.getAsJsonObject().get("id").getAsLong());
      }
    }
    return max + 1;
  }
}
