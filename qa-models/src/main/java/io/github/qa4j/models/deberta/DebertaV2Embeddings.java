package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfEmbedding;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * Word embeddings, plus absolute positions ({@code position_biased_input}) and token types ({@code
 * type_vocab_size > 0}) when the config has them, projected by {@code embed_proj} when {@code
 * embedding_size} differs from the hidden size, then LayerNorm; padding positions are zeroed, then
 * dropout.
 */
final class DebertaV2Embeddings extends NamedBlock {

  private final DebertaV2Config config;
  private final HfEmbedding words;
  private final HfEmbedding positions;
  private final HfEmbedding tokenTypes;
  private final HfLinear projection;
  private final HfLayerNorm norm;

  DebertaV2Embeddings(DebertaV2Config config) {
    this.config = config;
    int width = config.embeddingSize();
    words = child("word_embeddings", new HfEmbedding(config.vocabSize(), width, true));
    positions =
        config.positionBiasedInput()
            ? child(
                "position_embeddings", new HfEmbedding(config.maxPositionEmbeddings(), width, true))
            : null;
    tokenTypes =
        config.feedsTokenTypes()
            ? child("token_type_embeddings", new HfEmbedding(config.typeVocabSize(), width, true))
            : null;
    projection =
        width != config.hiddenSize()
            ? child("embed_proj", new HfLinear(width, config.hiddenSize(), false))
            : null;
    norm = child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()));
  }

  /**
   * Embeds {@code [batch, seqLen]} ids into {@code [batch, seqLen, hidden]}.
   *
   * @param tokenTypeIds token types, or null for all zeros; not read when the config has none
   * @param maskColumn the attention mask as float32 {@code [batch, seqLen, 1]}
   */
  NDArray apply(
      ParameterStore store,
      NDArray inputIds,
      NDArray tokenTypeIds,
      NDArray maskColumn,
      boolean training) {
    long seqLen = inputIds.getShape().get(1);
    NDArray x = words.apply(store, inputIds, training);
    if (positions != null) {
      if (seqLen > config.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "sequence length "
                + seqLen
                + " exceeds max_position_embeddings "
                + config.maxPositionEmbeddings());
      }
      NDArray positionIds = inputIds.getManager().arange(0, seqLen, 1, DataType.INT64);
      x =
          x.add(
              positions.apply(store, positionIds.toDevice(inputIds.getDevice(), false), training));
    }
    if (tokenTypes != null) {
      NDArray types = tokenTypeIds != null ? tokenTypeIds : inputIds.zerosLike();
      x = x.add(tokenTypes.apply(store, types, training));
    }
    if (projection != null) {
      x = projection.apply(store, x, training);
    }
    x = norm.apply(store, x, training).mul(maskColumn);
    return Dropouts.apply(x, config.hiddenDropoutProb(), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), inputs.get(2), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.hiddenSize())};
  }
}
