package io.github.qa4j.models.albert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.NamedBlock;

/**
 * transformers' {@code AlbertLayer}: {@code a = attention.LayerNorm(x +
 * dropout(attention.dense(attention(x))))}, then {@code full_layer_layer_norm(a +
 * ffn_output(act(ffn(a))))}.
 *
 * <p>As in transformers 5.17, the feed-forward output has no dropout.
 */
final class AlbertLayer extends NamedBlock {

  private final BertConfig config;
  private final HfLinear query;
  private final HfLinear key;
  private final HfLinear value;
  private final HfLinear dense;
  private final HfLayerNorm attentionNorm;
  private final HfLinear ffn;
  private final HfLinear ffnOutput;
  private final HfLayerNorm fullLayerNorm;

  AlbertLayer(BertConfig config) {
    this.config = config;
    int h = config.hiddenSize();
    float eps = config.layerNormEps();
    query = child("attention.query", new HfLinear(h, h, true));
    key = child("attention.key", new HfLinear(h, h, true));
    value = child("attention.value", new HfLinear(h, h, true));
    dense = child("attention.dense", HfLinear.residualWrite(h, h));
    attentionNorm = child("attention.LayerNorm", new HfLayerNorm(h, eps));
    ffn = child("ffn", new HfLinear(h, config.intermediateSize(), true));
    ffnOutput = child("ffn_output", HfLinear.residualWrite(config.intermediateSize(), h));
    fullLayerNorm = child("full_layer_layer_norm", new HfLayerNorm(h, eps));
  }

  NDArray apply(ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    NDArray context =
        MultiHeadAttention.selfAttention(
            query.apply(store, hidden, training),
            key.apply(store, hidden, training),
            value.apply(store, hidden, training),
            config.numAttentionHeads(),
            additiveMask,
            config.attentionProbsDropoutProb(),
            training);
    NDArray attended =
        Dropouts.apply(dense.apply(store, context, training), config.hiddenDropoutProb(), training);
    NDArray a = attentionNorm.apply(store, attended.add(hidden), training);
    NDArray inner = config.hiddenAct().apply(ffn.apply(store, a, training));
    return fullLayerNorm.apply(store, ffnOutput.apply(store, inner, training).add(a), training);
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
