package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfConv1d;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.NamedBlock;

/**
 * The convolution DeBERTa-v2 adds beside the first layer ({@code conv_kernel_size > 0}): the
 * layer's input is convolved along the sequence, padding positions zeroed, activated, added to the
 * layer's output, normalized, and padding positions zeroed again.
 */
final class DebertaV2ConvLayer extends NamedBlock {

  private final DebertaV2Config config;
  private final HfConv1d conv;
  private final HfLayerNorm norm;

  DebertaV2ConvLayer(DebertaV2Config config) {
    this.config = config;
    conv =
        child(
            "conv",
            new HfConv1d(
                config.hiddenSize(),
                config.hiddenSize(),
                config.convKernelSize(),
                config.convGroups()));
    norm = child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()));
  }

  /**
   * Combines the first layer's input and output.
   *
   * @param input the embeddings, {@code [batch, seqLen, hidden]}
   * @param layerOutput the first layer's output, same shape
   * @param maskColumn the attention mask as float32 {@code [batch, seqLen, 1]}
   */
  NDArray apply(
      ParameterStore store,
      NDArray input,
      NDArray layerOutput,
      NDArray maskColumn,
      boolean training) {
    NDArray out =
        conv.apply(store, input.transpose(0, 2, 1), training).transpose(0, 2, 1).mul(maskColumn);
    out = Dropouts.apply(out, config.hiddenDropoutProb(), training);
    out = config.convTanh() ? Activation.tanh(out) : Activation.gelu(out);
    return norm.apply(store, layerOutput.add(out), training).mul(maskColumn);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), inputs.get(2), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[1]};
  }
}
