package io.github.qa4j.models.xlnet;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.models.common.HfConfig;
import io.github.qa4j.models.common.HiddenActivation;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face XLNet {@code config.json} that fine-tuning uses.
 *
 * @param vocabSize number of token ids ({@code vocab_size})
 * @param dModel hidden size ({@code d_model})
 * @param nLayer number of layers ({@code n_layer})
 * @param nHead attention heads ({@code n_head})
 * @param dInner feed-forward inner size ({@code d_inner})
 * @param ffActivation feed-forward activation ({@code ff_activation})
 * @param layerNormEps layer-norm epsilon ({@code layer_norm_eps})
 * @param clampLen relative distances are clamped to {@code [-clampLen, clampLen]}; non-positive
 *     means no clamping ({@code clamp_len})
 * @param dropout dropout probability ({@code dropout})
 * @param initializerRange standard deviation of the random initialization ({@code
 *     initializer_range})
 * @param startNTop start candidates kept by the beam-search head ({@code start_n_top})
 * @param endNTop end candidates per start kept by the beam-search head ({@code end_n_top})
 */
public record XlnetConfig(
    int vocabSize,
    int dModel,
    int nLayer,
    int nHead,
    int dInner,
    String ffActivation,
    float layerNormEps,
    int clampLen,
    float dropout,
    float initializerRange,
    int startNTop,
    int endNTop) {

  /** Checks that the sizes fit together. */
  public XlnetConfig {
    for (int v : new int[] {vocabSize, dModel, nLayer, nHead, dInner, startNTop, endNTop}) {
      if (v < 1) {
        throw new IllegalArgumentException("XLNet sizes must be positive: " + v);
      }
    }
    if (dModel % nHead != 0) {
      throw new IllegalArgumentException(
          "XLNet d_model " + dModel + " is not a multiple of n_head " + nHead);
    }
    HiddenActivation.of(ffActivation);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("XLNet dropout must be in [0, 1), got " + dropout);
    }
  }

  /** Size of one attention head, {@code d_model / n_head}. */
  public int dHead() {
    return dModel / nHead;
  }

  /** The activation that {@link #ffActivation()} names. */
  HiddenActivation activation() {
    return HiddenActivation.of(ffActivation);
  }

  /**
   * Reads the fields, with the defaults of transformers' {@code XLNetConfig} for absent ones.
   *
   * @param json the parsed {@code config.json}
   * @param source where it came from, for messages
   * @throws IllegalArgumentException naming {@code source}, the field and its value when a field is
   *     malformed or asks for something the fine-tuning encoder does not implement ({@code
   *     attn_type} other than {@code bi}, {@code bi_data}, tied relative biases)
   */
  public static XlnetConfig fromJson(JsonObject json, Path source) {
    HfConfig c = new HfConfig(json, source);
    String attnType = c.optString("attn_type", "bi");
    if (!attnType.equals("bi")) {
      throw c.error(
          "attn_type",
          "must be \"bi\" (the only type used for fine-tuning)",
          json.get("attn_type"));
    }
    if (c.optBoolean("bi_data", false)) {
      throw c.error(
          "bi_data", "must be false (bidirectional pretraining data only)", json.get("bi_data"));
    }
    if (!c.optBoolean("untie_r", true)) {
      throw c.error("untie_r", "must be true (per-layer relative biases)", json.get("untie_r"));
    }
    int dModel = c.optInt("d_model", 1024);
    int nHead = c.optInt("n_head", 16);
    int dHead = c.optInt("d_head", dModel / Math.max(1, nHead));
    if (nHead < 1 || dModel % nHead != 0 || dHead != dModel / nHead) {
      throw c.error(
          "d_head",
          "must equal d_model / n_head = " + dModel + " / " + nHead,
          new JsonPrimitive(dHead));
    }
    String activation = c.optString("ff_activation", "gelu");
    try {
      HiddenActivation.of(activation);
    } catch (IllegalArgumentException e) {
      throw c.error(
          "ff_activation", "must be one of " + HiddenActivation.NAMES, json.get("ff_activation"));
    }
    return new XlnetConfig(
        positive(c, "vocab_size", 32000),
        positive(c, "d_model", 1024),
        positive(c, "n_layer", 24),
        positive(c, "n_head", 16),
        positive(c, "d_inner", 4096),
        activation,
        (float) c.optNumber("layer_norm_eps", 1e-12),
        c.optInt("clamp_len", -1),
        c.optProbability("dropout", 0.1),
        (float) c.optNumber("initializer_range", 0.02),
        positive(c, "start_n_top", 5),
        positive(c, "end_n_top", 5));
  }

  private static int positive(HfConfig c, String field, int fallback) {
    int v = c.optInt(field, fallback);
    if (v < 1) {
      throw c.error(field, "must be a positive integer", new JsonPrimitive(v));
    }
    return v;
  }
}
