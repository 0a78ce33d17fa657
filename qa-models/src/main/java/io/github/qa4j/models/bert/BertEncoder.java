package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.NamedBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of layers, named {@code layer.0}, {@code layer.1}, ... as in transformers: BERT's
 * encoder, and RoBERTa's and ELECTRA's, whose layers are BERT layers.
 */
public final class BertEncoder extends NamedBlock {

  private final List<BertLayer> layers = new ArrayList<>();

  /** Declares {@code num_hidden_layers} layers of {@code config}'s sizes. */
  public BertEncoder(BertConfig config) {
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      layers.add(child("layer." + i, new BertLayer(config)));
    }
  }

  /**
   * Runs the layers over {@code hidden [batch, seqLen, hidden]}.
   *
   * @param store parameter values
   * @param hidden the embeddings
   * @param additiveMask from {@link io.github.qa4j.models.common.MultiHeadAttention#additiveMask}
   * @param training whether dropout is active
   */
  public NDArray apply(
      ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    NDArray x = hidden;
    for (BertLayer layer : layers) {
      x = layer.apply(store, x, additiveMask, training);
    }
    return x;
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
