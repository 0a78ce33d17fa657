package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * DeBERTa's disentangled self-attention.
 *
 * <p>The score of query {@code i} and key {@code j} is the content term {@code q_i . k_j}, plus
 * with c2p {@code q_i . K_r[c2p(i, j)]} and with p2c {@code k_j . Q_r[p2c(j, i)]}, where {@code
 * K_r} and {@code Q_r} are the relative embeddings through the key and query projections (the
 * content ones with {@code share_att_key}, else {@code pos_key_proj} / {@code pos_query_proj}) and
 * the row indexes come from {@link RelativePositions}. Each term is divided by {@code sqrt(head
 * size * (1 + number of relative terms))}. Pairs with padding get the lowest float32 before the
 * softmax, so a row whose query is padding attends uniformly, as in transformers.
 */
final class DisentangledSelfAttention extends NamedBlock {

  private final DebertaV2Config config;
  private final HfLinear query;
  private final HfLinear key;
  private final HfLinear value;
  private final HfLinear positionKey;
  private final HfLinear positionQuery;

  DisentangledSelfAttention(DebertaV2Config config) {
    this.config = config;
    int h = config.hiddenSize();
    query = child("query_proj", new HfLinear(h, h, true));
    key = child("key_proj", new HfLinear(h, h, true));
    value = child("value_proj", new HfLinear(h, h, true));
    boolean ownProjections = config.relativeAttention() && !config.shareAttKey();
    positionKey =
        ownProjections && config.contentToPosition()
            ? child("pos_key_proj", new HfLinear(h, h, true))
            : null;
    positionQuery =
        ownProjections && config.positionToContent()
            ? child("pos_query_proj", new HfLinear(h, h, true))
            : null;
  }

  /** Attends over {@code hidden [batch, seqLen, hidden]}; the result has the same shape. */
  NDArray apply(ParameterStore store, NDArray hidden, AttentionContext context, boolean training) {
    Shape shape = hidden.getShape();
    long batch = shape.get(0);
    long seqLen = shape.get(1);
    NDArray q = heads(query.apply(store, hidden, training), batch, seqLen);
    NDArray k = heads(key.apply(store, hidden, training), batch, seqLen);
    NDArray v = heads(value.apply(store, hidden, training), batch, seqLen);
    // transformers divides the keys before the product; the order changes float32 rounding.
    double scale = (float) Math.sqrt((float) config.headSize() * config.scaleFactor());
    NDArray scores = q.matMul(Scalars.div(k.transpose(0, 1, 3, 2), scale));
    if (config.relativeAttention()) {
      NDArray relative =
          Dropouts.apply(context.relativeEmbeddings(), config.hiddenDropoutProb(), training);
      NDArray bias = relativeScores(store, q, k, relative, context, scale, training);
      if (bias != null) {
        scores = scores.add(bias);
      }
    }
    // DJL's where wants equal shapes; expanded views cost no copies.
    Shape full = scores.getShape();
    NDArray lowest = Scalars.of(scores, -Float.MAX_VALUE).broadcast(full);
    NDArray probs = NDArrays.where(context.pairMask().broadcast(full), scores, lowest).softmax(-1);
    probs = Dropouts.apply(probs, config.attentionProbsDropoutProb(), training);
    return probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seqLen, config.hiddenSize());
  }

  /** The c2p and p2c terms, already scaled, {@code [batch, heads, seqLen, seqLen]}; or null. */
  private NDArray relativeScores(
      ParameterStore store,
      NDArray q,
      NDArray k,
      NDArray relative,
      AttentionContext context,
      double scale,
      boolean training) {
    Shape scoreShape =
        new Shape(
            q.getShape().get(0), q.getShape().get(1), q.getShape().get(2), q.getShape().get(2));
    NDArray total = null;
    if (config.contentToPosition()) {
      HfLinear projection = config.shareAttKey() ? key : positionKey;
      NDArray positions = relativeHeads(projection.apply(store, relative, training));
      NDArray c2p =
          q.matMul(positions.transpose(0, 2, 1))
              .gather(context.contentToPositionIndex().broadcast(scoreShape), 3);
      total = Scalars.div(c2p, scale);
    }
    if (config.positionToContent()) {
      HfLinear projection = config.shareAttKey() ? query : positionQuery;
      NDArray positions = relativeHeads(projection.apply(store, relative, training));
      NDArray p2c =
          k.matMul(positions.transpose(0, 2, 1))
              .gather(context.positionToContentIndex().broadcast(scoreShape), 3)
              .transpose(0, 1, 3, 2);
      p2c = Scalars.div(p2c, scale);
      total = total == null ? p2c : total.add(p2c);
    }
    return total;
  }

  /** {@code [b, L, hidden]} to {@code [b, heads, L, headSize]}. */
  private NDArray heads(NDArray x, long batch, long seqLen) {
    return x.reshape(batch, seqLen, config.numAttentionHeads(), config.headSize())
        .transpose(0, 2, 1, 3);
  }

  /** Projected relative embeddings {@code [2k, hidden]} to {@code [heads, 2k, headSize]}. */
  private NDArray relativeHeads(NDArray x) {
    return x.reshape(x.getShape().get(0), config.numAttentionHeads(), config.headSize())
        .transpose(1, 0, 2);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), AttentionContext.from(inputs, config), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
