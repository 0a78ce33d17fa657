package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.NamedBlock;

/** One XLNet layer: relative attention ({@code rel_attn}) then feed-forward ({@code ff}). */
public final class XlnetLayer extends NamedBlock {

  private final XlnetRelativeAttention attention;
  private final XlnetFeedForward feedForward;

  /** Creates the layer for {@code config}'s sizes. */
  public XlnetLayer(XlnetConfig config) {
    this.attention = child("rel_attn", new XlnetRelativeAttention(config));
    this.feedForward = child("ff", new XlnetFeedForward(config));
  }

  /** Applies the layer to {@code [B, L, d_model]}; the result lives in the manager of {@code h}. */
  public NDArray apply(ParameterStore store, NDArray h, AttentionInputs in, boolean training) {
    return feedForward.apply(store, attention.apply(store, h, in, training), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), AttentionInputs.from(inputs), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
