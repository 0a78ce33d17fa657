package io.github.qa4j.models.precision;

import ai.djl.Device;
import ai.djl.nn.Block;
import io.github.qa4j.core.model.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches a loaded model's matrix products to a {@link Precision}: walks the block tree once and
 * hands every {@link SwitchablePrecision} block (linear layers, attention) the products to use.
 *
 * <p>bf16: linear weights cast to bfloat16 once, every linear layer in bfloat16 with float32
 * results; attention products in float32 at inference (in bfloat16 in mixed-precision training).
 * INT8: linear layers dynamically quantized (per-channel int8 weights, int8 activations per token),
 * except those writing back into the residual stream, which run in bf16 (float32 on a CPU without
 * it); attention products in float32. Everything else (embeddings, softmax, layer norm, residuals,
 * the loss) stays float32, and so do all arrays the model returns. The float32 parameters are kept:
 * training uses them, in float32 or, with {@link #applyWithTraining}, through bfloat16 products
 * (mixed precision: gradients and optimizer in float32); {@link Precision#FLOAT32} switches back.
 */
public final class ModelPrecision {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPrecision.class);

  private ModelPrecision() {}

  /**
   * Switches {@code model} to {@code precision} on this machine.
   *
   * @param model the root block, on the CPU, its parameters loaded
   * @param precision what is wanted
   * @param fallBackToFloat32 whether a precision this machine cannot run becomes float32 instead of
   *     an error
   * @return the precision now in use
   * @throws UnsupportedOperationException when this machine cannot run {@code precision} and no
   *     fallback was asked for
   */
  public static Precision apply(Block model, Precision precision, boolean fallBackToFloat32) {
    return apply(model, precision, fallBackToFloat32, PrecisionSupport.detect(), false);
  }

  /**
   * Switches {@code model} to {@code precision} at inference and, for {@link Precision#BF16}, in
   * training too: linear layers and attention products run in bfloat16 on the float32 parameters,
   * and autograd carries float32 gradients back to them (transformers' {@code --bf16}).
   *
   * @throws IllegalArgumentException for {@link Precision#INT8}, which has no training form
   * @throws UnsupportedOperationException as {@link #apply(Block, Precision, boolean)}
   */
  public static Precision applyWithTraining(
      Block model, Precision precision, boolean fallBackToFloat32) {
    if (precision == Precision.INT8) {
      throw new IllegalArgumentException("int8 is for inference; train in fp32 or bf16");
    }
    return apply(model, precision, fallBackToFloat32, PrecisionSupport.detect(), true);
  }

  /**
   * Switches {@code model} to {@code precision} given what the machine supports; lower precisions
   * run on the CPU only.
   *
   * @param bf16Training whether bf16 also applies in training
   */
  public static Precision apply(
      Block model,
      Precision precision,
      boolean fallBackToFloat32,
      PrecisionSupport support,
      boolean bf16Training) {
    Precision used = precision;
    if (precision != Precision.FLOAT32) {
      Device device = device(model);
      String problem =
          !Device.Type.CPU.equals(device.getDeviceType())
              ? precision.flag() + " runs on the CPU only, not on " + device
              : support.supports(precision) ? null : support.why(precision);
      if (problem != null) {
        if (!fallBackToFloat32) {
          throw new UnsupportedOperationException(problem);
        }
        // Asked for, but never silent: the user chose a precision and gets another.
        LOG.warn("{}; running in fp32 instead, as fallback to float32 was asked for", problem);
        used = Precision.FLOAT32;
      }
    }
    MatrixProducts products =
        switch (used) {
          case FLOAT32 -> MatrixProducts.FLOAT32;
          case BF16 -> LowPrecisionProducts.bf16(LowPrecisionOps.get(), bf16Training);
          case INT8 ->
              LowPrecisionProducts.int8(
                  LowPrecisionOps.get(),
                  support.bf16()
                      ? LowPrecisionProducts.bf16(LowPrecisionOps.get(), false)
                      : MatrixProducts.FLOAT32);
        };
    visit(model, products);
    return used;
  }

  private static Device device(Block model) {
    return model.getParameters().values().stream()
        .filter(p -> p.isInitialized())
        .map(p -> p.getArray().getDevice())
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("The model has no parameters loaded to convert"));
  }

  private static void visit(Block block, MatrixProducts products) {
    if (block instanceof SwitchablePrecision switchable) {
      switchable.useProducts(products);
      if (switchable.switchesChildren()) {
        return;
      }
    }
    for (Block child : block.getChildren().values()) {
      visit(child, products);
    }
  }
}
