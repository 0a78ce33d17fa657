package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfEmbedding;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.NamedBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of layers ({@code layer.0}, {@code layer.1}, ...) with what they share: the relative
 * embedding table {@code rel_embeddings} (and its {@code LayerNorm} when {@code norm_rel_ebd} says
 * so), and the optional convolution {@code conv} beside the first layer.
 */
final class DebertaV2Encoder extends NamedBlock {

  private final DebertaV2Config config;
  private final List<DebertaV2Layer> layers = new ArrayList<>();
  private final HfEmbedding relativeEmbeddings;
  private final HfLayerNorm relativeNorm;
  private final DebertaV2ConvLayer conv;

  DebertaV2Encoder(DebertaV2Config config) {
    this.config = config;
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      layers.add(child("layer." + i, new DebertaV2Layer(config)));
    }
    relativeEmbeddings =
        config.relativeAttention()
            ? child(
                "rel_embeddings",
                new HfEmbedding(2L * config.attentionSpan(), config.hiddenSize(), true))
            : null;
    // transformers declares the norm whenever norm_rel_ebd asks for it, relative attention or not.
    relativeNorm =
        config.normRelEmbeddings()
            ? child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()))
            : null;
    conv = config.convKernelSize() > 0 ? child("conv", new DebertaV2ConvLayer(config)) : null;
  }

  /**
   * Runs the layers over the embeddings.
   *
   * @param embeddings {@code [batch, seqLen, hidden]}
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}
   */
  NDArray apply(ParameterStore store, NDArray embeddings, NDArray attentionMask, boolean training) {
    NDArray mask = attentionMask.toType(DataType.FLOAT32, false);
    NDArray maskColumn = mask.expandDims(2);
    AttentionContext context = context(store, embeddings, mask, training);
    NDArray x = embeddings;
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).apply(store, x, context, training);
      if (i == 0 && conv != null) {
        x = conv.apply(store, embeddings, x, maskColumn, training);
      }
    }
    return x;
  }

  private AttentionContext context(
      ParameterStore store, NDArray embeddings, NDArray mask, boolean training) {
    Shape s = mask.getShape();
    long batch = s.get(0);
    long seqLen = s.get(1);
    NDArray pairMask =
        mask.reshape(batch, 1, seqLen, 1).mul(mask.reshape(batch, 1, 1, seqLen)).gt(0f);
    if (relativeEmbeddings == null) {
      return new AttentionContext(pairMask, null, null, null);
    }
    NDArray rows =
        embeddings
            .getManager()
            .arange(0, 2L * config.attentionSpan(), 1, DataType.INT64)
            .toDevice(embeddings.getDevice(), false);
    NDArray table = relativeEmbeddings.apply(store, rows, training);
    if (relativeNorm != null) {
      table = relativeNorm.apply(store, table, training);
    }
    int length = Math.toIntExact(seqLen);
    return new AttentionContext(
        pairMask,
        table,
        config.contentToPosition()
            ? RelativePositions.indexes(embeddings, length, config, true)
            : null,
        config.positionToContent()
            ? RelativePositions.indexes(embeddings, length, config, false)
            : null);
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
