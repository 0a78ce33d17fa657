package io.github.qa4j.models.albert;

import com.google.gson.JsonObject;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.common.HfConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The fields of a Hugging Face ALBERT {@code config.json}: BERT's (with transformers' {@code
 * AlbertConfig} defaults: {@code gelu_new}, no dropout), plus the embedding width and the layer
 * sharing.
 *
 * @param encoder the sizes of the layers, read as BERT's
 * @param embeddingSize width of the embedding tables ({@code embedding_size})
 * @param numHiddenGroups groups of layers with their own parameters ({@code num_hidden_groups})
 * @param innerGroupNum layers in each group ({@code inner_group_num})
 */
public record AlbertConfig(
    BertConfig encoder, int embeddingSize, int numHiddenGroups, int innerGroupNum) {

  /** The {@code model_type} of the configs this family serves. */
  public static final String MODEL_TYPE = "albert";

  /** Checks the arguments. */
  public AlbertConfig {
    Objects.requireNonNull(encoder, "encoder");
    if (embeddingSize < 1 || numHiddenGroups < 1 || innerGroupNum < 1) {
      throw new IllegalArgumentException(
          "ALBERT sizes must be positive: embedding_size "
              + embeddingSize
              + ", num_hidden_groups "
              + numHiddenGroups
              + ", inner_group_num "
              + innerGroupNum);
    }
  }

  /** Model width. */
  public int hiddenSize() {
    return encoder.hiddenSize();
  }

  /**
   * The group that layer {@code layer} (of {@code num_hidden_layers}) runs, as transformers
   * computes it: {@code int(layer / (num_hidden_layers / num_hidden_groups))} in floating point.
   */
  public int groupOf(int layer) {
    return (int) (layer / ((double) encoder.numHiddenLayers() / numHiddenGroups));
  }

  /**
   * Reads a config; errors name {@code source}, the field and its value.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   */
  public static AlbertConfig from(JsonObject json, Path source) {
    JsonObject defaults = new JsonObject();
    defaults.addProperty("hidden_act", "gelu_new");
    defaults.addProperty("hidden_dropout_prob", 0.0);
    defaults.addProperty("attention_probs_dropout_prob", 0.0);
    JsonObject filled = HfConfig.withDefaults(json, defaults);
    // transformers 5 reads no position_embedding_type for ALBERT: positions are always absolute.
    filled.addProperty("position_embedding_type", "absolute");
    HfConfig c = new HfConfig(json, source);
    return new AlbertConfig(
        BertConfig.from(filled, source),
        c.positiveInt("embedding_size"),
        optPositive(c, "num_hidden_groups"),
        optPositive(c, "inner_group_num"));
  }

  private static int optPositive(HfConfig c, String field) {
    int v = c.optInt(field, 1);
    if (v < 1) {
      throw c.error(field, "must be a positive integer", c.json().get(field));
    }
    return v;
  }
}
