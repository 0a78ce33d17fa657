package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What every layer's relative attention shares, computed once per forward pass.
 *
 * @param positions relative positional sinusoids, {@code [2L, d_model]}, or {@code [B, 2L,
 *     d_model]} when dropout gives each window its own copy
 * @param sameSegment 1 where query and key have the same token type, {@code [B, 1, L, L]}
 * @param otherSegment {@code 1 - sameSegment}
 * @param blocked 1 where the query may not attend to the key, {@code [B, 1, L, L]}, or null for no
 *     masking
 */
record AttentionInputs(
    NDArray positions, NDArray sameSegment, NDArray otherSegment, NDArray blocked) {

  /**
   * Reads the shared inputs from a layer's input list: {@code [h, positions, sameSegment,
   * otherSegment, blocked?]}.
   */
  static AttentionInputs from(NDList layerInputs) {
    return new AttentionInputs(
        layerInputs.get(1),
        layerInputs.get(2),
        layerInputs.get(3),
        layerInputs.size() > 4 ? layerInputs.get(4) : null);
  }
}
