package io.github.qa4j.models.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.NamedBlock;

/**
 * transformers' DistilBERT {@code TransformerBlock}: {@code sa_layer_norm(x + out_lin(attention))}
 * then {@code output_layer_norm(a + dropout(lin2(act(lin1(a)))))}.
 *
 * <p>As in transformers, the attention output has no dropout of its own; only the attention
 * probabilities and the feed-forward output do.
 */
final class DistilBertLayer extends NamedBlock {

  private final DistilBertConfig config;
  private final HfLinear query;
  private final HfLinear key;
  private final HfLinear value;
  private final HfLinear out;
  private final HfLayerNorm attentionNorm;
  private final HfLinear lin1;
  private final HfLinear lin2;
  private final HfLayerNorm outputNorm;

  DistilBertLayer(DistilBertConfig config) {
    this.config = config;
    int d = config.dim();
    query = child("attention.q_lin", new HfLinear(d, d, true));
    key = child("attention.k_lin", new HfLinear(d, d, true));
    value = child("attention.v_lin", new HfLinear(d, d, true));
    out = child("attention.out_lin", HfLinear.residualWrite(d, d));
    attentionNorm = child("sa_layer_norm", new HfLayerNorm(d, DistilBertConfig.LAYER_NORM_EPS));
    lin1 = child("ffn.lin1", new HfLinear(d, config.hiddenDim(), true));
    lin2 = child("ffn.lin2", HfLinear.residualWrite(config.hiddenDim(), d));
    outputNorm = child("output_layer_norm", new HfLayerNorm(d, DistilBertConfig.LAYER_NORM_EPS));
  }

  NDArray apply(ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    NDArray context =
        MultiHeadAttention.selfAttention(
            query.apply(store, hidden, training),
            key.apply(store, hidden, training),
            value.apply(store, hidden, training),
            config.nHeads(),
            additiveMask,
            config.attentionDropout(),
            training);
    NDArray a =
        attentionNorm.apply(store, out.apply(store, context, training).add(hidden), training);
    NDArray inner = config.activation().apply(lin1.apply(store, a, training));
    NDArray ffn = Dropouts.apply(lin2.apply(store, inner, training), config.dropout(), training);
    return outputNorm.apply(store, ffn.add(a), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
