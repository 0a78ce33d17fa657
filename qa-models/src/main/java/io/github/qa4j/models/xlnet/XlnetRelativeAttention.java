package io.github.qa4j.models.xlnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.heads.LogitMask;

/**
 * XLNet's two-stream relative attention, content stream only (fine-tuning: no memory, no query
 * stream): scores are the sum of a content term, a relative-position term and a segment term, each
 * with its own learned bias on the queries, followed by the output projection, a residual
 * connection and layer normalization. Parameter names as in transformers' {@code
 * XLNetRelativeAttention}.
 */
public final class XlnetRelativeAttention extends NamedBlock {

  private final int nHead;
  private final int dHead;
  private final int dModel;
  private final float dropout;
  private final float scale;
  private final Parameter q;
  private final Parameter k;
  private final Parameter v;
  private final Parameter o;
  private final Parameter r;
  private final Parameter rRBias;
  private final Parameter rSBias;
  private final Parameter rWBias;
  private final Parameter segEmbed;
  private final HfLayerNorm layerNorm;

  /** Creates the block for {@code config}'s sizes. */
  public XlnetRelativeAttention(XlnetConfig config) {
    this.nHead = config.nHead();
    this.dHead = config.dHead();
    this.dModel = config.dModel();
    this.dropout = config.dropout();
    this.scale = (float) (1 / Math.sqrt(dHead));
    Shape projection = new Shape(dModel, nHead, dHead);
    Shape bias = new Shape(nHead, dHead);
    this.q = parameter("q", Parameter.Type.WEIGHT, projection);
    this.k = parameter("k", Parameter.Type.WEIGHT, projection);
    this.v = parameter("v", Parameter.Type.WEIGHT, projection);
    this.o = parameter("o", Parameter.Type.WEIGHT, projection);
    this.r = parameter("r", Parameter.Type.WEIGHT, projection);
    this.rRBias = parameter("r_r_bias", Parameter.Type.WEIGHT, bias);
    this.rSBias = parameter("r_s_bias", Parameter.Type.WEIGHT, bias);
    this.rWBias = parameter("r_w_bias", Parameter.Type.WEIGHT, bias);
    this.segEmbed = parameter("seg_embed", Parameter.Type.WEIGHT, new Shape(2, nHead, dHead));
    this.layerNorm = child("layer_norm", new HfLayerNorm(dModel, config.layerNormEps()));
  }

  /**
   * Attends from every position of {@code h} ({@code [B, L, d_model]}) to every other; the result
   * has the same shape and lives in the manager of {@code h}.
   */
  public NDArray apply(ParameterStore store, NDArray h, AttentionInputs in, boolean training) {
    Device device = h.getDevice();
    long batch = h.getShape().get(0);
    long len = h.getShape().get(1);
    // Queries, keys and values as [B, n, L, d]; relative-position keys as [n, d, 2L] (or
    // [B, n, d, 2L] when the positions carry a batch axis).
    NDArray query = project(store, q, h, training);
    NDArray key = project(store, k, h, training).transpose(0, 2, 3, 1);
    NDArray value = project(store, v, h, training).transpose(0, 2, 1, 3);
    NDArray positionKey = project(store, r, in.positions(), training);
    positionKey =
        positionKey.getShape().dimension() == 3
            ? positionKey.transpose(1, 2, 0)
            : positionKey.transpose(0, 2, 3, 1);

    NDArray content = biased(store, query, rWBias, training).matMul(key);
    NDArray position =
        RelativePositions.shift(biased(store, query, rRBias, training).matMul(positionKey), len);
    NDArray segmentKey = owned(store.getValue(segEmbed, device, training).transpose(1, 2, 0), h);
    NDArray perSegment = biased(store, query, rSBias, training).matMul(segmentKey);
    NDArray segment =
        perSegment
            .get("..., 0:1")
            .mul(in.sameSegment())
            .add(perSegment.get("..., 1:2").mul(in.otherSegment()));

    NDArray scores = Scalars.mul(content.add(position).add(segment), scale);
    if (in.blocked() != null) {
      scores = scores.sub(in.blocked().mul(LogitMask.fill(scores.getDataType())));
    }
    NDArray probabilities = Dropouts.apply(scores.softmax(-1), dropout, training);
    NDArray attended =
        probabilities.matMul(value).transpose(0, 2, 1, 3).reshape(batch, len, (long) nHead * dHead);
    NDArray outWeight =
        owned(store.getValue(o, device, training).reshape(dModel, (long) nHead * dHead), h);
    NDArray out =
        Dropouts.apply(Linear.linear(attended, outWeight).singletonOrThrow(), dropout, training);
    return layerNorm.apply(store, out.add(h), training);
  }

  /** {@code einsum("blh,hnd->blnd")}: {@code [..., d_model]} to {@code [..., n, d]}. */
  private NDArray project(ParameterStore store, Parameter weight, NDArray x, boolean training) {
    NDArray w =
        owned(
            store.getValue(weight, x.getDevice(), training).reshape(dModel, (long) nHead * dHead),
            x);
    Shape outShape = x.getShape().slice(0, x.getShape().dimension() - 1).add(nHead, dHead);
    return x.matMul(w).reshape(outShape);
  }

  /**
   * Adds a per-head bias to queries {@code [B, L, n, d]} and returns them as {@code [B, n, L, d]}.
   */
  private static NDArray biased(
      ParameterStore store, NDArray query, Parameter bias, boolean training) {
    return query.add(store.getValue(bias, query.getDevice(), training)).transpose(0, 2, 1, 3);
  }

  /**
   * Views of a parameter are created in the parameter's manager; moving them to the manager of the
   * batch keeps a forward pass from leaving arrays behind in the model.
   */
  static NDArray owned(NDArray view, NDArray batchArray) {
    view.attach(batchArray.getManager());
    return view;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), AttentionInputs.from(inputs), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
