package io.github.qa4j.models.precision;

import ai.djl.ndarray.NDArray;

/**
 * How a model multiplies matrices at inference: linear layers with weights prepared once, and
 * products of two activations (attention scores and contexts). Inputs and results are float32.
 */
public interface MatrixProducts {

  /** Plain float32 products on the float32 parameters. */
  MatrixProducts FLOAT32 =
      new MatrixProducts() {
        @Override
        public LinearKernel linear(NDArray weight, NDArray bias) {
          return null;
        }

        @Override
        public NDArray matMul(NDArray a, NDArray b) {
          return a.matMul(b);
        }
      };

  /**
   * Prepares {@code x W^T + b} for this precision.
   *
   * @param weight float32 {@code [out, in]}; read now, not kept
   * @param bias float32 {@code [out]}, or null for none
   * @return the prepared layer, or null when the float32 parameters serve as they are
   */
  LinearKernel linear(NDArray weight, NDArray bias);

  /** {@code a @ b}, batched and broadcast like {@link NDArray#matMul}. */
  NDArray matMul(NDArray a, NDArray b);
}
