package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Conv1d} with stride 1 and "same" padding for an odd kernel: {@code weight
 * [out, in / groups, kernel]} and {@code bias [out]}, over {@code [batch, channels, length]}.
 */
public final class HfConv1d extends NamedBlock {

  private final long outChannels;
  private final int kernelSize;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Declares the layer.
   *
   * @param inChannels input channels
   * @param outChannels output channels
   * @param kernelSize an odd kernel width; inputs are padded by {@code (kernelSize - 1) / 2} on
   *     each side so the length is kept
   * @param groups channel groups; must divide both channel counts
   */
  public HfConv1d(long inChannels, long outChannels, int kernelSize, int groups) {
    if (kernelSize % 2 == 0 || kernelSize < 1) {
      throw new IllegalArgumentException("kernel size must be odd and positive: " + kernelSize);
    }
    if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          groups + " groups do not divide " + inChannels + " -> " + outChannels + " channels");
    }
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.groups = groups;
    this.weight =
        parameter(
            "weight",
            Parameter.Type.WEIGHT,
            new Shape(outChannels, inChannels / groups, kernelSize));
    this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(outChannels));
  }

  /**
   * Convolves {@code x [batch, inChannels, length]}; the result lives in the manager of {@code x}.
   */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    return Conv1d.conv1d(
            x, w, b, new Shape(1), new Shape((kernelSize - 1) / 2), new Shape(1), groups)
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
    return new Shape[] {new Shape(in.get(0), outChannels, in.get(2))};
  }
}
