package io.github.qa4j.models.bert;

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

/**
 * Word plus token-type embeddings (plus absolute position embeddings for the absolute type), then
 * LayerNorm and dropout.
 *
 * <p>The position table exists for every type, as in transformers' checkpoints, but the relative
 * types neither read nor train it.
 */
final class BertEmbeddings extends NamedBlock {

  private final BertConfig config;
  private final HfEmbedding words;
  private final HfEmbedding positions;
  private final HfEmbedding tokenTypes;
  private final HfLayerNorm norm;

  BertEmbeddings(BertConfig config) {
    this.config = config;
    boolean absolute = !config.positionEmbeddingType().isRelative();
    words =
        child("word_embeddings", new HfEmbedding(config.vocabSize(), config.hiddenSize(), true));
    positions =
        child(
            "position_embeddings",
            new HfEmbedding(config.maxPositionEmbeddings(), config.hiddenSize(), absolute));
    tokenTypes =
        child(
            "token_type_embeddings",
            new HfEmbedding(config.typeVocabSize(), config.hiddenSize(), true));
    norm = child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()));
  }

  /** Embeds {@code [batch, seqLen]} ids and token types into {@code [batch, seqLen, hidden]}. */
  NDArray apply(ParameterStore store, NDArray inputIds, NDArray tokenTypeIds, boolean training) {
    long seqLen = inputIds.getShape().get(1);
    if (seqLen > config.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "sequence length "
              + seqLen
              + " exceeds max_position_embeddings "
              + config.maxPositionEmbeddings());
    }
    NDArray x = words.apply(store, inputIds, training);
    x = x.add(tokenTypes.apply(store, tokenTypeIds, training));
    if (!config.positionEmbeddingType().isRelative()) {
      NDArray positionIds = inputIds.getManager().arange(0, seqLen, 1, DataType.INT64);
      x = x.add(positions.apply(store, positionIds, training));
    }
    x = norm.apply(store, x, training);
    return Dropouts.apply(x, config.hiddenDropoutProb(), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.hiddenSize())};
  }
}
