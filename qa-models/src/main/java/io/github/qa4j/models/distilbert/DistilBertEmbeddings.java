package io.github.qa4j.models.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfEmbedding;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.NamedBlock;

/** Word plus position embeddings (no token types), then LayerNorm and dropout. */
final class DistilBertEmbeddings extends NamedBlock {

  private final DistilBertConfig config;
  private final HfEmbedding words;
  private final HfEmbedding positions;
  private final HfLayerNorm norm;

  DistilBertEmbeddings(DistilBertConfig config) {
    this.config = config;
    words =
        child(
            "word_embeddings",
            new HfEmbedding(config.vocabSize(), config.dim(), true, config.padTokenId()));
    positions =
        child(
            "position_embeddings",
            new HfEmbedding(config.maxPositionEmbeddings(), config.dim(), true));
    norm = child("LayerNorm", new HfLayerNorm(config.dim(), DistilBertConfig.LAYER_NORM_EPS));
  }

  /** Embeds {@code [batch, seqLen]} ids into {@code [batch, seqLen, dim]}. */
  NDArray apply(ParameterStore store, NDArray inputIds, boolean training) {
    long seqLen = inputIds.getShape().get(1);
    if (seqLen > config.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "sequence length "
              + seqLen
              + " exceeds max_position_embeddings "
              + config.maxPositionEmbeddings());
    }
    NDArray positionIds = inputIds.getManager().arange(0, seqLen, 1, DataType.INT64);
    NDArray x =
        words.apply(store, inputIds, training).add(positions.apply(store, positionIds, training));
    return Dropouts.apply(norm.apply(store, x, training), config.dropout(), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.dim())};
  }
}
