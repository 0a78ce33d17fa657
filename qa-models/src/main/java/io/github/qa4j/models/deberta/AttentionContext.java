package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What every layer's attention shares in one forward pass, computed once by the encoder.
 *
 * @param pairMask boolean {@code [batch, 1, seqLen, seqLen]}: true where both the query and the key
 *     are tokens (transformers' {@code get_attention_mask})
 * @param relativeEmbeddings the (normalized) relative embedding table {@code [2k, hidden]}, or null
 *     without relative attention
 * @param contentToPositionIndex c2p rows {@code [seqLen, seqLen]}, or null without c2p
 * @param positionToContentIndex p2c rows {@code [seqLen, seqLen]}, or null without p2c
 */
record AttentionContext(
    NDArray pairMask,
    NDArray relativeEmbeddings,
    NDArray contentToPositionIndex,
    NDArray positionToContentIndex) {

  /**
   * Reads the arrays after the hidden state in a block's input list: the pair mask, then, with
   * relative attention, the relative embeddings and the c2p and p2c indexes the config uses.
   */
  static AttentionContext from(NDList layerInputs, DebertaV2Config config) {
    int next = 1;
    NDArray mask = layerInputs.get(next++);
    if (!config.relativeAttention()) {
      return new AttentionContext(mask, null, null, null);
    }
    NDArray relative = layerInputs.get(next++);
    NDArray c2p = config.contentToPosition() ? layerInputs.get(next++) : null;
    NDArray p2c = config.positionToContent() ? layerInputs.get(next) : null;
    return new AttentionContext(mask, relative, c2p, p2c);
  }
}
