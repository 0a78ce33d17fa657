package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * transformers' {@code BertLMPredictionHead}: {@code transform} ({@code dense}, exact GELU, {@code
 * LayerNorm}), then a decoder whose weight is the word embedding table (tied, so it is not a
 * parameter of this block and a checkpoint does not store it twice) plus {@code bias}, one logit
 * per vocabulary entry.
 */
final class BertLmPredictionHead extends NamedBlock {

  private final Transform transform;
  private final Parameter wordEmbeddings;
  private final Parameter bias;
  private final long vocabSize;

  /**
   * @param wordEmbeddings the encoder's {@code embeddings.word_embeddings.weight}, {@code [vocab,
   *     hidden]}
   */
  BertLmPredictionHead(BertConfig config, Parameter wordEmbeddings) {
    this.transform = child("transform", new Transform(config));
    this.wordEmbeddings = wordEmbeddings;
    this.vocabSize = config.vocabSize();
    this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(config.vocabSize()));
  }

  /** Logits {@code [..., vocab]} for hidden states {@code [..., hidden]}. */
  NDArray apply(ParameterStore store, NDArray hidden, boolean training) {
    NDArray h = transform.apply(store, hidden, training);
    NDArray table = store.getValue(wordEmbeddings, h.getDevice(), training);
    return Linear.linear(h, table, store.getValue(bias, h.getDevice(), training))
        .singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(vocabSize)};
  }

  /** {@code cls.predictions.transform}: the parameters' namespace, applied by the head. */
  private static final class Transform extends NamedBlock {
    private final HfLinear dense;
    private final HfLayerNorm norm;

    Transform(BertConfig config) {
      dense = child("dense", new HfLinear(config.hiddenSize(), config.hiddenSize(), true));
      norm = child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()));
    }

    /** {@code LayerNorm(gelu(dense(x)))}, GELU exact (erf) as transformers' "gelu". */
    NDArray apply(ParameterStore store, NDArray x, boolean training) {
      return norm.apply(store, Activation.gelu(dense.apply(store, x, training)), training);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }
}
