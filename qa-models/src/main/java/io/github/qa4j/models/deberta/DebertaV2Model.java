package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import java.util.Arrays;
import java.util.List;

/**
 * The DeBERTa-v2 / v3 encoder (transformers' {@code DebertaV2Model}): {@code embeddings} and {@code
 * encoder}. Its {@link #namedParameters()} carry transformers' names without the {@code deberta.}
 * prefix that models with a head add ({@link #BASE_PREFIX}).
 *
 * <p>Forward inputs: {@code input_ids}, {@code token_type_ids} (read only when the config has token
 * types) and {@code attention_mask}, each int64 {@code [batch, seqLen]}; output: the last hidden
 * state {@code [batch, seqLen, hidden]}, in the manager of the input ids.
 */
public final class DebertaV2Model extends Encoder {

  /** transformers' {@code base_model_prefix} for DeBERTa-v2 plus the dot. */
  public static final String BASE_PREFIX = "deberta.";

  /**
   * Checkpoint tensors a question-answering model does not use: the pretraining heads of {@code
   * microsoft/deberta-v3-*} and {@code deberta-v2-*}, and absolute positions that a config without
   * {@code position_biased_input} does not read (transformers ignores them too).
   */
  public static final List<String> IGNORED_CHECKPOINT_PREFIXES =
      List.of(
          "lm_predictions.",
          "mask_predictions.",
          "cls.",
          "pooler.",
          BASE_PREFIX + "embeddings.position_embeddings.",
          BASE_PREFIX + "embeddings.position_ids");

  private final DebertaV2Config config;
  private final DebertaV2Embeddings embeddings;
  private final DebertaV2Encoder encoder;

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   *
   * @param config the architecture
   */
  public DebertaV2Model(DebertaV2Config config) {
    this.config = config;
    embeddings = child("embeddings", new DebertaV2Embeddings(config));
    encoder = child("encoder", new DebertaV2Encoder(config));
  }

  /** The architecture. */
  public DebertaV2Config config() {
    return config;
  }

  /** Width of the hidden state. */
  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  /**
   * The last hidden state.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null for all zeros; ignored when {@code
   *     type_vocab_size} is 0
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}
   * @param training whether dropout is active
   */
  @Override
  public NDArray sequenceOutput(
      ParameterStore store,
      NDArray inputIds,
      NDArray tokenTypeIds,
      NDArray attentionMask,
      boolean training) {
    NDArray maskColumn = attentionMask.toType(DataType.FLOAT32, false).expandDims(2);
    NDArray x = embeddings.apply(store, inputIds, tokenTypeIds, maskColumn, training);
    return encoder.apply(store, x, attentionMask, training);
  }

  /**
   * transformers' initialization for DeBERTa-v2: normal weights (linear, convolution and embedding
   * tables) with {@code initializer_range}, zero biases, unit LayerNorm scales, and a zero word
   * embedding row for the padding token.
   */
  public static ParameterInit initializer(DebertaV2Config config) {
    ParameterInit base = ParameterInit.transformers(config.initializerRange());
    return (name, shape, random) -> {
      float[] v = base.values(name, shape, random);
      if (config.padTokenId() >= 0 && name.endsWith("embeddings.word_embeddings.weight")) {
        int width = Math.toIntExact(shape.get(1));
        Arrays.fill(v, config.padTokenId() * width, (config.padTokenId() + 1) * width, 0f);
      }
      return v;
    };
  }
}
