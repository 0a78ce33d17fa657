package io.github.qa4j.models.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;

/**
 * {@link MatrixProducts} in bfloat16 or INT8 through {@link LowPrecisionOps}.
 *
 * @param ops the helper module
 *     <p>Products of two activations (attention) stay float32 at inference, through the fused
 *     kernel: bfloat16 there cost agreement with float32 and saved no time, since the linear layers
 *     dominate.
 * @param int8Linear linear layers in dynamic INT8 at inference (else bfloat16)
 * @param bf16Training products in bfloat16 on the live float32 parameters, differentiable, in
 *     training and at inference (nothing prepared, so that evaluation between optimizer steps sees
 *     the current weights); else training runs in float32
 * @param residualWrites what {@link #forResidualWrites} gives: with INT8, bf16 or float32 products;
 *     null for this record itself
 */
record LowPrecisionProducts(
    LowPrecisionOps ops, boolean int8Linear, boolean bf16Training, MatrixProducts residualWrites)
    implements MatrixProducts {

  /** bf16 products, at inference only or also in training. */
  static LowPrecisionProducts bf16(LowPrecisionOps ops, boolean bf16Training) {
    return new LowPrecisionProducts(ops, false, bf16Training, null);
  }

  /** INT8 linear layers, but those writing the residual stream in {@code residualWrites}. */
  static LowPrecisionProducts int8(LowPrecisionOps ops, MatrixProducts residualWrites) {
    return new LowPrecisionProducts(ops, true, false, residualWrites);
  }

  @Override
  public MatrixProducts forResidualWrites() {
    return residualWrites != null ? residualWrites : this;
  }

  @Override
  public LinearKernel prepare(NDArray weight, NDArray bias) {
    if (bf16Training) {
      return null;
    }
    // The prepared copies belong to the model's manager, so closing the model frees them too.
    NDManager owner = weight.getManager();
    try (NDManager scratch = owner.newSubManager()) {
      NDArray b = bias != null ? bias : scratch.zeros(new Shape(weight.getShape().get(0)));
      if (int8Linear) {
        OpaqueValue packed = ops.packInt8(weight, b, owner);
        return new Kernel(x -> ops.linearInt8(x, packed), packed);
      }
      OpaqueValue w = ops.toBf16(weight, owner);
      OpaqueValue bf = ops.toBf16(b, owner);
      return new Kernel(x -> ops.linearBf16(x, w, bf), w, bf);
    }
  }

  @Override
  public NDArray linear(NDArray x, NDArray weight, NDArray bias, boolean training) {
    if (!bf16Training) {
      return FLOAT32.linear(x, weight, bias, training);
    }
    if (bias != null) {
      return ops.linearBf16Autograd(x, weight, bias);
    }
    try (NDArray zero = x.getManager().zeros(new Shape(weight.getShape().get(0)))) {
      return ops.linearBf16Autograd(x, weight, zero);
    }
  }

  @Override
  public NDArray matMul(NDArray a, NDArray b, boolean training) {
    return bf16Training ? ops.matMulBf16Autograd(a, b) : a.matMul(b);
  }

  @Override
  public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    return bf16Training ? null : LowPrecisionOps.fusedAttention(q, k, v, additiveMask);
  }

  private record Kernel(UnaryOperator<NDArray> product, OpaqueValue... owned)
      implements LinearKernel {

    @Override
    public NDArray apply(NDArray x) {
      return product.apply(x);
    }

    @Override
    public void close() {
      for (OpaqueValue value : owned) {
        value.close();
      }
    }
  }
}
