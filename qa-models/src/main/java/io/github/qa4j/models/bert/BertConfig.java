package io.github.qa4j.models.bert;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.models.common.HfConfig;
import io.github.qa4j.models.common.HiddenActivation;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face BERT {@code config.json} that shape the network. Optional fields
 * take transformers' {@code BertConfig} defaults; structural ones are required.
 *
 * @param vocabSize rows of the word embedding
 * @param hiddenSize model width
 * @param numHiddenLayers transformer layers
 * @param numAttentionHeads heads per layer
 * @param intermediateSize feed-forward width
 * @param hiddenDropoutProb dropout on embeddings and residual branches
 * @param attentionProbsDropoutProb dropout on attention probabilities
 * @param maxPositionEmbeddings longest sequence
 * @param typeVocabSize rows of the token type embedding
 * @param initializerRange standard deviation of the initial weights
 * @param layerNormEps LayerNorm epsilon
 * @param padTokenId id of {@code [PAD]}, whose embedding row starts at zero
 * @param positionEmbeddingType how positions enter attention
 * @param hiddenAct the feed-forward activation ({@code hidden_act})
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    float hiddenDropoutProb,
    float attentionProbsDropoutProb,
    int maxPositionEmbeddings,
    int typeVocabSize,
    double initializerRange,
    float layerNormEps,
    int padTokenId,
    PositionEmbeddingType positionEmbeddingType,
    HiddenActivation hiddenAct) {

  /** Width of one attention head. */
  public int headSize() {
    return hiddenSize / numAttentionHeads;
  }

  /**
   * Reads a config; errors name {@code source} and the field.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   */
  public static BertConfig from(JsonObject json, Path source) {
    HfConfig c = new HfConfig(json, source);
    HiddenActivation act = HiddenActivation.of(c, "hidden_act", "gelu");
    String positions = c.optString("position_embedding_type", "absolute");
    PositionEmbeddingType type =
        PositionEmbeddingType.of(positions)
            .orElseThrow(
                () ->
                    c.error(
                        "position_embedding_type",
                        "must be absolute, relative_key or relative_key_query",
                        new JsonPrimitive(positions)));
    int hidden = c.positiveInt("hidden_size");
    int heads = c.positiveInt("num_attention_heads");
    if (hidden % heads != 0) {
      throw c.error(
          "hidden_size",
          "must be a multiple of num_attention_heads (" + heads + ")",
          new JsonPrimitive(hidden));
    }
    int maxPositions = c.positiveInt("max_position_embeddings");
    int padTokenId = c.optInt("pad_token_id", 0);
    int vocab = c.positiveInt("vocab_size");
    int typeVocab = c.optInt("type_vocab_size", 2);
    if (typeVocab < 1) {
      throw c.error("type_vocab_size", "must be a positive integer", new JsonPrimitive(typeVocab));
    }
    if (padTokenId < 0 || padTokenId >= vocab) {
      throw c.error(
          "pad_token_id",
          "must be an id below vocab_size (" + vocab + ")",
          new JsonPrimitive(padTokenId));
    }
    return new BertConfig(
        vocab,
        hidden,
        c.positiveInt("num_hidden_layers"),
        heads,
        c.positiveInt("intermediate_size"),
        c.optProbability("hidden_dropout_prob", 0.1),
        c.optProbability("attention_probs_dropout_prob", 0.1),
        maxPositions,
        typeVocab,
        c.optNumber("initializer_range", 0.02),
        (float) c.optNumber("layer_norm_eps", 1e-12),
        padTokenId,
        type,
        act);
  }
}
