package io.github.qa4j.models.deberta;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.models.common.HfConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a Hugging Face DeBERTa-v2 {@code config.json} ({@code model_type} {@code
 * deberta-v2}, which DeBERTa-v3 checkpoints use too) that shape the network. Optional fields take
 * transformers' {@code DebertaV2Config} defaults; defaults that depend on other fields ( {@code
 * embedding_size}, {@code max_relative_positions}) are resolved here.
 *
 * @param vocabSize rows of the word embedding
 * @param hiddenSize model width
 * @param numHiddenLayers transformer layers
 * @param numAttentionHeads heads per layer
 * @param intermediateSize feed-forward width
 * @param hiddenDropoutProb dropout on embeddings, residual branches and relative embeddings
 * @param attentionProbsDropoutProb dropout on attention probabilities
 * @param maxPositionEmbeddings rows of the absolute position embedding
 * @param typeVocabSize rows of the token type embedding; 0 (DeBERTa-v3) for none, and then token
 *     types are not read
 * @param initializerRange standard deviation of the initial weights
 * @param layerNormEps LayerNorm epsilon
 * @param padTokenId id of the padding token, whose embedding row starts at zero; -1 for none
 * @param embeddingSize width of the embeddings before {@code embed_proj}
 * @param positionBiasedInput whether absolute position embeddings are added to the input
 * @param relativeAttention whether attention has relative position terms
 * @param maxRelativePositions the largest relative distance ({@code max_relative_positions}, or
 *     {@code max_position_embeddings} when that is below 1)
 * @param positionBuckets number of log buckets per direction, or 0 for exact distances
 * @param contentToPosition whether {@code pos_att_type} has {@code c2p}
 * @param positionToContent whether {@code pos_att_type} has {@code p2c}
 * @param shareAttKey whether relative embeddings go through the content {@code query_proj} and
 *     {@code key_proj} instead of their own {@code pos_query_proj} / {@code pos_key_proj}
 * @param normRelEmbeddings whether {@code norm_rel_ebd} has {@code layer_norm}
 * @param convKernelSize width of the convolution after the first layer, or 0 for none
 * @param convGroups groups of that convolution
 * @param convTanh whether its activation is tanh ({@code conv_act} {@code tanh}) rather than exact
 *     GELU ({@code gelu})
 */
public record DebertaV2Config(
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
    int embeddingSize,
    boolean positionBiasedInput,
    boolean relativeAttention,
    int maxRelativePositions,
    int positionBuckets,
    boolean contentToPosition,
    boolean positionToContent,
    boolean shareAttKey,
    boolean normRelEmbeddings,
    int convKernelSize,
    int convGroups,
    boolean convTanh) {

  /** The {@code model_type} of these configs. */
  public static final String MODEL_TYPE = "deberta-v2";

  /** Width of one attention head. */
  public int headSize() {
    return hiddenSize / numAttentionHeads;
  }

  /** Whether the model reads token types ({@code type_vocab_size > 0}). */
  public boolean feedsTokenTypes() {
    return typeVocabSize > 0;
  }

  /**
   * How many score terms attention adds up, {@code 1 + len(pos_att_type)}; scores are divided by
   * {@code sqrt(head size * this)}. transformers counts the types even without relative attention.
   */
  public int scaleFactor() {
    return 1 + (contentToPosition ? 1 : 0) + (positionToContent ? 1 : 0);
  }

  /**
   * The span {@code k} of relative positions: relative ids run over {@code [0, 2k)}; the bucket
   * count when bucketing, else the largest distance.
   */
  public int attentionSpan() {
    return positionBuckets > 0 ? positionBuckets : maxRelativePositions;
  }

  /**
   * Reads a config; errors name {@code source}, the field and its value.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   * @throws IllegalArgumentException for a missing or invalid field, or a setting qa4j does not
   *     implement
   */
  public static DebertaV2Config from(JsonObject json, Path source) {
    HfConfig c = new HfConfig(json, source);
    String act = c.optString("hidden_act", "gelu");
    if (!act.equals("gelu")) {
      throw c.error(
          "hidden_act",
          "must be \"gelu\" (exact GELU; others are not supported)",
          new JsonPrimitive(act));
    }
    int vocab = c.positiveInt("vocab_size");
    int hidden = c.positiveInt("hidden_size");
    int heads = c.positiveInt("num_attention_heads");
    if (hidden % heads != 0) {
      throw c.error(
          "hidden_size",
          "must be a multiple of num_attention_heads (" + heads + ")",
          new JsonPrimitive(hidden));
    }
    int headSize = c.optInt("attention_head_size", hidden / heads);
    if (headSize != hidden / heads) {
      throw c.error(
          "attention_head_size",
          "must be hidden_size / num_attention_heads (" + hidden / heads + ")",
          new JsonPrimitive(headSize));
    }
    int typeVocab = c.optInt("type_vocab_size", 0);
    if (typeVocab < 0) {
      throw c.error("type_vocab_size", "must be 0 or more", new JsonPrimitive(typeVocab));
    }
    int maxPositions = c.positiveInt("max_position_embeddings");
    int maxRelative = c.optInt("max_relative_positions", -1);
    int convKernel = c.optInt("conv_kernel_size", 0);
    int convGroups = c.optInt("conv_groups", 1);
    String convAct = c.optString("conv_act", "tanh");
    if (convKernel > 0) {
      checkConvolution(c, convKernel, convGroups, hidden, convAct);
    }
    List<String> attentionTypes = positionAttentionTypes(c);
    return new DebertaV2Config(
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
        (float) c.optNumber("layer_norm_eps", 1e-7),
        padTokenId(c, json, vocab),
        embeddingSize(c, hidden),
        c.optBoolean("position_biased_input", true),
        c.optBoolean("relative_attention", false),
        maxRelative < 1 ? maxPositions : maxRelative,
        Math.max(0, c.optInt("position_buckets", -1)),
        attentionTypes.contains("c2p"),
        attentionTypes.contains("p2c"),
        c.optBoolean("share_att_key", false),
        relativeEmbeddingNorm(c),
        Math.max(0, convKernel),
        convGroups,
        convAct.equals("tanh"));
  }

  private static int padTokenId(HfConfig c, JsonObject json, int vocab) {
    JsonElement e = json.get("pad_token_id");
    if (e != null && e.isJsonNull()) {
      return -1; // no padding row
    }
    int id = c.optInt("pad_token_id", 0);
    if (id < 0 || id >= vocab) {
      throw c.error(
          "pad_token_id", "must be an id below vocab_size (" + vocab + ")", new JsonPrimitive(id));
    }
    return id;
  }

  private static int embeddingSize(HfConfig c, int hidden) {
    int size = c.optInt("embedding_size", hidden);
    if (size < 1) {
      throw c.error("embedding_size", "must be a positive integer", new JsonPrimitive(size));
    }
    return size;
  }

  /** {@code pos_att_type}: a list, or transformers' legacy {@code "c2p|p2c"} string. */
  private static List<String> positionAttentionTypes(HfConfig c) {
    JsonElement e = c.json().get("pos_att_type");
    List<String> types = new ArrayList<>();
    if (e == null || e.isJsonNull()) {
      return types;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      for (String part : e.getAsString().toLowerCase(Locale.ROOT).split("\\|")) {
        types.add(part.strip());
      }
    } else if (e.isJsonArray()) {
      for (JsonElement item : (JsonArray) e) {
        if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
          throw c.error("pos_att_type", "must list strings", e);
        }
        types.add(item.getAsString());
      }
    } else {
      throw c.error("pos_att_type", "must be a list of \"c2p\" and \"p2c\" or a \"c2p|p2c\"", e);
    }
    for (String type : types) {
      if (!type.equals("c2p") && !type.equals("p2c")) {
        throw c.error(
            "pos_att_type", "may hold only \"c2p\" and \"p2c\" (found \"" + type + "\")", e);
      }
    }
    return types;
  }

  /** {@code norm_rel_ebd}: {@code "none"} or {@code "layer_norm"}, possibly joined with '|'. */
  private static boolean relativeEmbeddingNorm(HfConfig c) {
    String value = c.optString("norm_rel_ebd", "none");
    boolean layerNorm = false;
    for (String part : value.toLowerCase(Locale.ROOT).split("\\|")) {
      switch (part.strip()) {
        case "layer_norm" -> layerNorm = true;
        case "none" -> {}
        default ->
            throw c.error(
                "norm_rel_ebd", "must be \"none\" or \"layer_norm\"", new JsonPrimitive(value));
      }
    }
    return layerNorm;
  }

  private static void checkConvolution(HfConfig c, int kernel, int groups, int hidden, String act) {
    if (kernel % 2 == 0) {
      throw c.error(
          "conv_kernel_size",
          "must be odd (with an even width transformers' padding shortens the sequence)",
          new JsonPrimitive(kernel));
    }
    if (groups < 1 || hidden % groups != 0) {
      throw c.error(
          "conv_groups", "must divide hidden_size (" + hidden + ")", new JsonPrimitive(groups));
    }
    if (!act.equals("tanh") && !act.equals("gelu")) {
      throw c.error("conv_act", "must be \"tanh\" or \"gelu\"", new JsonPrimitive(act));
    }
  }
}
