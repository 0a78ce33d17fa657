package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.HfEmbedding;
import java.util.ArrayList;
import java.util.List;

/**
 * The XLNet encoder as transformers' {@code XLNetModel} runs it for fine-tuning: content stream
 * only, no memory, attention type "bi". Input {@code [input_ids, token_type_ids, attention_mask?]}
 * ({@code [B, L]} integers), output the last hidden state {@code [B, L, d_model]}.
 *
 * <p>Children and parameters carry transformers' names below {@code transformer.}: {@code
 * word_embedding.weight}, {@code mask_emb} (used only in pretraining, kept so checkpoints round
 * trip; it gets no gradient) and {@code layer.N.rel_attn.*}, {@code layer.N.ff.*}.
 */
public final class XlnetEncoder extends Encoder {

  private final XlnetConfig config;
  private final HfEmbedding wordEmbedding;
  private final List<XlnetLayer> layers = new ArrayList<>();

  /** Creates the encoder for {@code config}'s sizes. */
  public XlnetEncoder(XlnetConfig config) {
    this.config = config;
    parameter("mask_emb", Parameter.Type.WEIGHT, new Shape(1, 1, config.dModel()), false);
    this.wordEmbedding =
        child("word_embedding", new HfEmbedding(config.vocabSize(), config.dModel(), true));
    for (int i = 0; i < config.nLayer(); i++) {
      layers.add(child("layer." + i, new XlnetLayer(config)));
    }
  }

  @Override
  public int hiddenSize() {
    return config.dModel();
  }

  /**
   * Encodes a batch.
   *
   * @param inputIds token ids {@code [B, L]}
   * @param tokenTypeIds segment ids {@code [B, L]}; positions attend with the "same segment" or
   *     "other segment" bias depending on whether their types are equal
   * @param attentionMask 1 for tokens, 0 for padding, {@code [B, L]}, or null when nothing is
   *     padded
   * @return the last hidden state {@code [B, L, d_model]}, in the manager of {@code inputIds}
   */
  @Override
  public NDArray sequenceOutput(
      ParameterStore store,
      NDArray inputIds,
      NDArray tokenTypeIds,
      NDArray attentionMask,
      boolean training) {
    NDArray h =
        Dropouts.apply(wordEmbedding.apply(store, inputIds, training), config.dropout(), training);
    AttentionInputs shared = attentionInputs(h, tokenTypeIds, attentionMask, training);
    for (XlnetLayer layer : layers) {
      h = layer.apply(store, h, shared, training);
    }
    return Dropouts.apply(h, config.dropout(), training);
  }

  private AttentionInputs attentionInputs(
      NDArray h, NDArray tokenTypeIds, NDArray attentionMask, boolean training) {
    NDManager manager = h.getManager();
    DataType type = h.getDataType();
    long batch = h.getShape().get(0);
    long len = h.getShape().get(1);
    NDArray positions =
        RelativePositions.sinusoids(manager, len, config.dModel(), config.clampLen(), type);
    if (training && config.dropout() > 0) {
      // transformers expands the encoding over the batch before dropout, so each window gets
      // its own dropout mask.
      positions =
          Dropouts.apply(
              positions.broadcast(batch, 2 * len, config.dModel()), config.dropout(), true);
    }
    NDArray types = tokenTypeIds.reshape(batch, 1, len, 1);
    NDArray other = types.neq(tokenTypeIds.reshape(batch, 1, 1, len)).toType(type, false);
    NDArray same = other.neg().add(1);
    NDArray blocked = null;
    if (attentionMask != null) {
      // transformers: a padded key is hidden from every query but itself.
      NDArray padding = attentionMask.toType(type, false).neg().add(1).reshape(batch, 1, 1, len);
      blocked = padding.sub(manager.eye((int) len).toType(type, false)).gt(0).toType(type, false);
    }
    return new AttentionInputs(positions, same, other, blocked);
  }
}
