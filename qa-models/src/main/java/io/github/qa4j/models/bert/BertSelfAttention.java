package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfEmbedding;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.precision.LinearKernel;
import io.github.qa4j.models.precision.MatrixProducts;
import io.github.qa4j.models.precision.SwitchablePrecision;

/**
 * Multi-head scaled dot-product self-attention, with transformers' relative position scores.
 *
 * <p>Scores are {@code q.k}, plus {@code q.P} (relative_key) or {@code q.P + k.P}
 * (relative_key_query) where {@code P[l, r]} is the embedding of the distance {@code l - r}, all
 * divided by {@code sqrt(head size)}, plus the additive mask.
 */
final class BertSelfAttention extends NamedBlock implements SwitchablePrecision {

  private final BertConfig config;
  private final HfLinear query;
  private final HfLinear key;
  private final HfLinear value;
  private final HfEmbedding distance;
  private volatile MatrixProducts products = MatrixProducts.FLOAT32;
  private volatile LinearKernel projections;

  BertSelfAttention(BertConfig config) {
    this.config = config;
    int h = config.hiddenSize();
    query = child("query", new HfLinear(h, h, true));
    key = child("key", new HfLinear(h, h, true));
    value = child("value", new HfLinear(h, h, true));
    distance =
        config.positionEmbeddingType().isRelative()
            ? child(
                "distance_embedding",
                new HfEmbedding(2L * config.maxPositionEmbeddings() - 1, config.headSize(), true))
            : null;
  }

  /**
   * Attends over {@code hidden [batch, seqLen, hidden]} with {@code additiveMask [batch, 1, 1,
   * seqLen]} (0 to keep, a large negative number to drop) and returns the context, shaped like
   * {@code hidden}.
   */
  NDArray apply(ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    Shape shape = hidden.getShape();
    long batch = shape.get(0);
    long seqLen = shape.get(1);
    int h = config.numAttentionHeads();
    LinearKernel joined = projections;
    NDArray q;
    NDArray k;
    NDArray v;
    if (joined != null && !training) {
      NDList qkv = joined.apply(hidden).split(3, 2); // [batch, seqLen, 3 * hidden]
      q = MultiHeadAttention.splitHeads(qkv.get(0), h);
      k = MultiHeadAttention.splitHeads(qkv.get(1), h);
      v = MultiHeadAttention.splitHeads(qkv.get(2), h);
    } else {
      q = MultiHeadAttention.splitHeads(query.apply(store, hidden, training), h);
      k = MultiHeadAttention.splitHeads(key.apply(store, hidden, training), h);
      v = MultiHeadAttention.splitHeads(value.apply(store, hidden, training), h);
    }
    MatrixProducts mm = products;
    if (!training && distance == null) {
      NDArray context = mm.attention(q, k, v, additiveMask);
      if (context != null) {
        return context.transpose(0, 2, 1, 3).reshape(batch, seqLen, shape.get(2));
      }
    }
    NDArray scores = mm.matMul(q, k.transpose(0, 1, 3, 2), training);
    if (distance != null) {
      NDArray p = distance.apply(store, distanceIds(hidden, seqLen), training); // [l, r, d]
      scores = scores.add(queryDistanceScores(q, p, batch, seqLen));
      if (config.positionEmbeddingType() == PositionEmbeddingType.RELATIVE_KEY_QUERY) {
        scores = scores.add(keyDistanceScores(k, p, batch, seqLen));
      }
    }
    return MultiHeadAttention.attend(
        scores, v, additiveMask, config.attentionProbsDropoutProb(), training, mm);
  }

  /**
   * The attention products, and the query, key and value projections prepared as one product (their
   * common input converted once, one larger matrix product).
   */
  @Override
  public void useProducts(MatrixProducts products) {
    LinearKernel previous = projections;
    projections = HfLinear.prepareJoined(products, query, key, value);
    this.products = products;
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  public boolean switchesChildren() {
    return true;
  }

  /** {@code ids[l, r] = l - r + maxPositions - 1}, the row of the distance embedding. */
  private NDArray distanceIds(NDArray like, long seqLen) {
    int n = Math.toIntExact(seqLen);
    long[] ids = new long[n * n];
    for (int l = 0; l < n; l++) {
      for (int r = 0; r < n; r++) {
        ids[l * n + r] = l - r + config.maxPositionEmbeddings() - 1L;
      }
    }
    return like.getManager()
        .create(ids, new Shape(seqLen, seqLen))
        .toDevice(like.getDevice(), false);
  }

  /** {@code einsum("bhld,lrd->bhlr", q, p)} as one batched matmul over {@code l}. */
  private NDArray queryDistanceScores(NDArray q, NDArray p, long batch, long seqLen) {
    int h = config.numAttentionHeads();
    NDArray ql = q.transpose(2, 0, 1, 3).reshape(seqLen, batch * h, config.headSize());
    return ql.matMul(p.transpose(0, 2, 1)) // [l, b*h, r]
        .reshape(seqLen, batch, h, seqLen)
        .transpose(1, 2, 0, 3);
  }

  /** {@code einsum("bhrd,lrd->bhlr", k, p)} as one batched matmul over {@code r}. */
  private NDArray keyDistanceScores(NDArray k, NDArray p, long batch, long seqLen) {
    int h = config.numAttentionHeads();
    NDArray kr = k.transpose(2, 0, 1, 3).reshape(seqLen, batch * h, config.headSize());
    return kr.matMul(p.transpose(1, 2, 0)) // [r, b*h, l]
        .reshape(seqLen, batch, h, seqLen)
        .transpose(1, 2, 3, 0);
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
