package io.github.qa4j.models.xlnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.heads.LogitMask;
import io.github.qa4j.models.precision.LinearKernel;
import io.github.qa4j.models.precision.MatrixProducts;
import io.github.qa4j.models.precision.SwitchablePrecision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * XLNet's two-stream relative attention, content stream only (fine-tuning: no memory, no query
 * stream): scores are the sum of a content term, a relative-position term and a segment term, each
 * with its own learned bias on the queries, followed by the output projection, a residual
 * connection and layer normalization. Parameter names as in transformers' {@code
 * XLNetRelativeAttention}.
 */
public final class XlnetRelativeAttention extends NamedBlock implements SwitchablePrecision {

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
  private volatile MatrixProducts products = MatrixProducts.FLOAT32;
  // Inference kernels of the projections q, k, v, r and o, when switched to a lower precision.
  private volatile Map<Parameter, LinearKernel> kernels = Map.of();

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

    MatrixProducts mm = products;
    NDArray content = mm.matMul(biased(store, query, rWBias, training), key, training);
    NDArray position =
        RelativePositions.shift(
            mm.matMul(biased(store, query, rRBias, training), positionKey, training), len);
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
        mm.matMul(probabilities, value, training)
            .transpose(0, 2, 1, 3)
            .reshape(batch, len, (long) nHead * dHead);
    LinearKernel outKernel = training ? null : kernels.get(o);
    NDArray projected;
    if (outKernel != null) {
      projected = outKernel.apply(attended);
    } else {
      NDArray outWeight =
          owned(store.getValue(o, device, training).reshape(dModel, (long) nHead * dHead), h);
      projected = mm.linear(attended, outWeight, null, training);
    }
    NDArray out = Dropouts.apply(projected, dropout, training);
    return layerNorm.apply(store, out.add(h), training);
  }

  /** {@code einsum("blh,hnd->blnd")}: {@code [..., d_model]} to {@code [..., n, d]}. */
  private NDArray project(ParameterStore store, Parameter weight, NDArray x, boolean training) {
    Shape outShape = x.getShape().slice(0, x.getShape().dimension() - 1).add(nHead, dHead);
    LinearKernel kernel = training ? null : kernels.get(weight);
    if (kernel != null) {
      return kernel.apply(x).reshape(outShape);
    }
    NDArray w =
        owned(
            store.getValue(weight, x.getDevice(), training).reshape(dModel, (long) nHead * dHead),
            x);
    return products.matMul(x, w, training).reshape(outShape);
  }

  /**
   * Prepares the projections as linear layers ({@code [out, in]} weights: q, k, v and r are stored
   * {@code [d_model, n, d]} and act as {@code x W}, o as {@code x W^T}) and switches the attention
   * products.
   */
  @Override
  public void useProducts(MatrixProducts products) {
    Map<Parameter, LinearKernel> prepared = new HashMap<>();
    long width = (long) nHead * dHead;
    for (Parameter p : List.of(q, k, v, r, o)) {
      try (NDArray flat = p.getArray().reshape(dModel, width);
          NDArray outIn = p == o ? flat.duplicate() : flat.transpose()) {
        // o writes back into the residual stream.
        LinearKernel kernel =
            (p == o ? products.forResidualWrites() : products).prepare(outIn, null);
        if (kernel != null) {
          prepared.put(p, kernel);
        }
      }
    }
    Map<Parameter, LinearKernel> previous = kernels;
    kernels = Map.copyOf(prepared);
    this.products = products;
    previous.values().forEach(LinearKernel::close);
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
