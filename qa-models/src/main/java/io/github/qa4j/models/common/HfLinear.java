package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.precision.LinearKernel;
import io.github.qa4j.models.precision.MatrixProducts;
import io.github.qa4j.models.precision.SwitchablePrecision;

/**
 * PyTorch's {@code nn.Linear}: {@code y = x W^T + b} with {@code weight [out, in]} and {@code bias
 * [out]}, the layout of Hugging Face checkpoints.
 *
 * <p>The product can run in a lower precision (see {@link
 * io.github.qa4j.models.precision.ModelPrecision}): at inference on weights prepared once, in
 * training on the float32 parameters.
 */
public final class HfLinear extends NamedBlock implements SwitchablePrecision {

  private final long outFeatures;
  private final boolean writesResidual;
  private final Parameter weight;
  private final Parameter bias;
  private volatile MatrixProducts products = MatrixProducts.FLOAT32;
  private volatile LinearKernel inference;

  /**
   * Creates the layer.
   *
   * @param inFeatures input width
   * @param outFeatures output width
   * @param withBias whether the layer has a {@code bias}
   */
  public HfLinear(long inFeatures, long outFeatures, boolean withBias) {
    this(inFeatures, outFeatures, withBias, false);
  }

  private HfLinear(long inFeatures, long outFeatures, boolean withBias, boolean writesResidual) {
    this.outFeatures = outFeatures;
    this.writesResidual = writesResidual;
    this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(outFeatures, inFeatures));
    this.bias = withBias ? parameter("bias", Parameter.Type.BIAS, new Shape(outFeatures)) : null;
  }

  /**
   * A layer whose output is added back into the residual stream (attention output, feed-forward
   * output), with a bias: it switches to {@link MatrixProducts#forResidualWrites()}.
   */
  public static HfLinear residualWrite(long inFeatures, long outFeatures) {
    return new HfLinear(inFeatures, outFeatures, true, true);
  }

  /** Applies the layer; the result lives in the manager of {@code x}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    LinearKernel kernel = inference;
    if (kernel != null && !training) {
      return kernel.apply(x);
    }
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
    return products.linear(x, w, b, training);
  }

  @Override
  public void useProducts(MatrixProducts products) {
    MatrixProducts mine = writesResidual ? products.forResidualWrites() : products;
    switchTo(mine, mine.prepare(weight.getArray(), bias == null ? null : bias.getArray()));
  }

  /**
   * Prepares the layers as one product whose outputs are theirs side by side ({@code [..., sum of
   * out]}): one larger matrix product, and one conversion of {@code x}, instead of one each. The
   * layers themselves switch to {@code products} without kernels of their own, so that nothing is
   * prepared twice; they serve training, and inference where {@code products} prepares nothing.
   *
   * @param products the arithmetic to switch to
   * @param layers layers over the same input, all with biases or all without
   * @return the joined kernel, or null when {@code products} prepares nothing
   */
  public static LinearKernel prepareJoined(MatrixProducts products, HfLinear... layers) {
    boolean withBias = layers[0].bias != null;
    for (HfLinear layer : layers) {
      if ((layer.bias != null) != withBias) {
        throw new IllegalArgumentException(
            "Layers joined into one product must all have a bias or all have none");
      }
    }
    NDList weights = new NDList();
    NDList biases = new NDList();
    for (HfLinear layer : layers) {
      weights.add(layer.weight.getArray());
      if (layer.bias != null) {
        biases.add(layer.bias.getArray());
      }
    }
    // In the parameters' manager, as a layer's own weight is: prepare() gives what it makes to the
    // weight's manager, which the model closes.
    NDArray w = NDArrays.concat(weights, 0);
    NDArray b = biases.isEmpty() ? null : NDArrays.concat(biases, 0);
    LinearKernel joined;
    try {
      joined = products.prepare(w, b);
    } finally {
      w.close();
      if (b != null) {
        b.close();
      }
    }
    for (HfLinear layer : layers) {
      layer.switchTo(products, null);
    }
    return joined;
  }

  private void switchTo(MatrixProducts products, LinearKernel kernel) {
    LinearKernel previous = inference;
    inference = kernel;
    this.products = products;
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
  }
}
