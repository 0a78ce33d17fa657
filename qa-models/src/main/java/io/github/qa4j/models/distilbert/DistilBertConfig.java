package io.github.qa4j.models.distilbert;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.models.common.HfConfig;
import io.github.qa4j.models.common.HiddenActivation;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face DistilBERT {@code config.json} that shape the network. Optional
 * fields take transformers' {@code DistilBertConfig} defaults; structural ones are required.
 *
 * @param vocabSize rows of the word embedding ({@code vocab_size})
 * @param dim model width ({@code dim})
 * @param nLayers transformer layers ({@code n_layers})
 * @param nHeads heads per layer ({@code n_heads})
 * @param hiddenDim feed-forward width ({@code hidden_dim})
 * @param dropout dropout on embeddings and feed-forward outputs ({@code dropout})
 * @param attentionDropout dropout on attention probabilities ({@code attention_dropout})
 * @param activation the feed-forward activation ({@code activation})
 * @param maxPositionEmbeddings longest sequence ({@code max_position_embeddings})
 * @param sinusoidalPosEmbds whether the position table starts as sinusoids ({@code
 *     sinusoidal_pos_embds}); it is trained either way
 * @param initializerRange standard deviation of the initial weights ({@code initializer_range})
 * @param qaDropout dropout on the hidden state before the question-answering head ({@code
 *     qa_dropout})
 * @param padTokenId id of the padding token, whose word row starts at zero ({@code pad_token_id})
 */
public record DistilBertConfig(
    int vocabSize,
    int dim,
    int nLayers,
    int nHeads,
    int hiddenDim,
    float dropout,
    float attentionDropout,
    HiddenActivation activation,
    int maxPositionEmbeddings,
    boolean sinusoidalPosEmbds,
    double initializerRange,
    float qaDropout,
    int padTokenId) {

  /** The {@code model_type} of the configs this family serves. */
  public static final String MODEL_TYPE = "distilbert";

  /** DistilBERT's LayerNorm epsilon, fixed in transformers rather than configured. */
  public static final float LAYER_NORM_EPS = 1e-12f;

  /**
   * Reads a config; errors name {@code source}, the field and its value.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   */
  public static DistilBertConfig from(JsonObject json, Path source) {
    HfConfig c = new HfConfig(json, source);
    int dim = c.positiveInt("dim");
    int heads = c.positiveInt("n_heads");
    if (dim % heads != 0) {
      throw c.error("dim", "must be a multiple of n_heads (" + heads + ")", new JsonPrimitive(dim));
    }
    int vocab = c.positiveInt("vocab_size");
    int padTokenId = c.optInt("pad_token_id", 0);
    if (padTokenId < 0 || padTokenId >= vocab) {
      throw c.error(
          "pad_token_id",
          "must be an id below vocab_size (" + vocab + ")",
          new JsonPrimitive(padTokenId));
    }
    return new DistilBertConfig(
        vocab,
        dim,
        c.positiveInt("n_layers"),
        heads,
        c.positiveInt("hidden_dim"),
        c.optProbability("dropout", 0.1),
        c.optProbability("attention_dropout", 0.1),
        HiddenActivation.of(c, "activation", "gelu"),
        c.positiveInt("max_position_embeddings"),
        c.optBoolean("sinusoidal_pos_embds", false),
        c.optNumber("initializer_range", 0.02),
        c.optProbability("qa_dropout", 0.1),
        padTokenId);
  }
}
