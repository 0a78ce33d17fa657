package io.github.qa4j.models.tf;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face {@code config.json} of a converted checkpoint: Google's {@code bert_config.json}
 * when the checkpoint has one, checked against the tensor shapes; otherwise read from the shapes,
 * with BERT's defaults for what shapes do not say (dropout 0.1, GELU, initializer range 0.02) and
 * 64-dimensional attention heads, the size of every released Google BERT.
 */
final class TfBertConfig {

  /** The attention head size of all of Google's BERT models. */
  static final int HEAD_SIZE = 64;

  private static final Pattern LAYER = Pattern.compile("bert\\.encoder\\.layer\\.(\\d+)\\..*");

  private TfBertConfig() {}

  /**
   * Builds the config.
   *
   * @param shapes Hugging Face parameter names and their shapes
   * @param bertConfig Google's {@code bert_config.json}, if present
   * @param architecture the transformers class the weights fit, such as {@code BertForMaskedLM}
   */
  static JsonObject build(
      Map<String, Shape> shapes, Optional<TfCheckpoint.SideFile> bertConfig, String architecture)
      throws IOException {
    Shape words = require(shapes, "bert.embeddings.word_embeddings.weight");
    Shape positions = require(shapes, "bert.embeddings.position_embeddings.weight");
    Shape types = require(shapes, "bert.embeddings.token_type_embeddings.weight");
    Shape intermediate = require(shapes, "bert.encoder.layer.0.intermediate.dense.weight");
    int layers = 0;
    for (String name : shapes.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.matches()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    long hidden = words.get(1);
    JsonObject c = new JsonObject();
    JsonArray architectures = new JsonArray();
    architectures.add(architecture);
    c.add("architectures", architectures);
    c.addProperty("attention_probs_dropout_prob", 0.1);
    c.addProperty("hidden_act", "gelu");
    c.addProperty("hidden_dropout_prob", 0.1);
    c.addProperty("hidden_size", hidden);
    c.addProperty("initializer_range", 0.02);
    c.addProperty("intermediate_size", intermediate.get(0));
    c.addProperty("layer_norm_eps", 1e-12);
    c.addProperty("max_position_embeddings", positions.get(0));
    c.addProperty("model_type", "bert");
    c.addProperty("num_attention_heads", hidden / HEAD_SIZE);
    c.addProperty("num_hidden_layers", layers);
    c.addProperty("pad_token_id", 0);
    c.addProperty("position_embedding_type", "absolute");
    c.addProperty("type_vocab_size", types.get(0));
    c.addProperty("vocab_size", words.get(0));
    if (bertConfig.isPresent()) {
      applyGoogleConfig(c, bertConfig.get());
    } else if (hidden % HEAD_SIZE != 0) {
      throw new IOException(
          "hidden size "
              + hidden
              + " is not a multiple of "
              + HEAD_SIZE
              + "; add Google's bert_config.json to say how many attention heads there are");
    }
    return c;
  }

  /** Takes Google's values, refusing those that contradict the shapes. */
  private static void applyGoogleConfig(JsonObject c, TfCheckpoint.SideFile file)
      throws IOException {
    JsonObject google;
    try {
      google =
          JsonParser.parseString(new String(file.bytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file.where() + ": not a JSON object: " + e.getMessage(), e);
    }
    for (Map.Entry<String, JsonElement> e : google.entrySet()) {
      String key = e.getKey();
      boolean fromShapes =
          switch (key) {
            case "hidden_size",
                "intermediate_size",
                "max_position_embeddings",
                "num_hidden_layers",
                "type_vocab_size",
                "vocab_size" ->
                true;
            default -> false;
          };
      if (fromShapes && e.getValue().getAsLong() != c.get(key).getAsLong()) {
        throw new IOException(
            file.where()
                + ": field '"
                + key
                + "' is "
                + e.getValue()
                + " but the weights have "
                + c.get(key));
      }
      c.add(key, e.getValue());
    }
    long heads = c.get("num_attention_heads").getAsLong();
    if (heads <= 0 || c.get("hidden_size").getAsLong() % heads != 0) {
      throw new IOException(
          file.where() + ": field 'num_attention_heads' " + heads + " does not divide hidden_size");
    }
  }

  private static Shape require(Map<String, Shape> shapes, String name) throws IOException {
    Shape s = shapes.get(name);
    if (s == null) {
      throw new IOException("the checkpoint has no variable for " + name + " (not a BERT model?)");
    }
    return s;
  }
}
