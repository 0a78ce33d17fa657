package io.github.qa4j.models.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * How a model multiplies matrices: linear layers (weights prepared once for inference, or the live
 * float32 parameters) and products of two activations (attention scores and contexts). Inputs and
 * results are float32 arrays in every precision.
 */
public interface MatrixProducts {

  /** Plain float32 products on the float32 parameters, in training and at inference. */
  MatrixProducts FLOAT32 =
      new MatrixProducts() {
        @Override
        public LinearKernel prepare(NDArray weight, NDArray bias) {
          return null;
        }

        @Override
        public NDArray linear(NDArray x, NDArray weight, NDArray bias, boolean training) {
          return Linear.linear(x, weight, bias).singletonOrThrow();
        }

        @Override
        public NDArray matMul(NDArray a, NDArray b, boolean training) {
          return a.matMul(b);
        }

        @Override
        public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
          return LowPrecisionOps.fusedAttention(q, k, v, additiveMask);
        }
      };

  /**
   * Prepares {@code x W^T + b} for inference in this precision.
   *
   * @param weight float32 {@code [out, in]}; read now, not kept
   * @param bias float32 {@code [out]}, or null for none
   * @return the prepared layer, or null when {@link #linear} on the parameters serves
   */
  LinearKernel prepare(NDArray weight, NDArray bias);

  /**
   * {@code x W^T + b} on the live float32 parameters; in training the result carries the gradient
   * back to them.
   *
   * @param bias null for none
   */
  NDArray linear(NDArray x, NDArray weight, NDArray bias, boolean training);

  /**
   * {@code a @ b}, batched and broadcast like {@link NDArray#matMul}; differentiable in training.
   */
  NDArray matMul(NDArray a, NDArray b, boolean training);

  /**
   * Plain attention at inference in one fused product, {@code softmax(q k^T / sqrt(headSize) +
   * additiveMask) v}, each of {@code q, k, v} {@code [batch, heads, seqLen, headSize]}; or null
   * when this arithmetic has no fused form and the caller is to use {@link #matMul}.
   */
  default NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    return null;
  }

  /**
   * The products for linear layers that write back into the residual stream (attention output,
   * feed-forward output): their inputs (attention contexts, activations after GELU) are
   * heavy-tailed and lose the most to INT8, so INT8 runs them in bf16 (or float32 on a CPU without
   * bf16). Every other arithmetic returns itself.
   */
  default MatrixProducts forResidualWrites() {
    return this;
  }
}
