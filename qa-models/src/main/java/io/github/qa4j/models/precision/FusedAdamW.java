package io.github.qa4j.models.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import io.github.qa4j.core.train.optim.AdamWKernel;

/**
 * The AdamW update by libtorch's fused CPU kernel ({@code torch._fused_adamw_}, what {@code
 * torch.optim.AdamW(fused=True)} runs), called through the TorchScript helper of {@link
 * LowPrecisionOps}. It reads the parameter, gradient and moments once and writes them once, where
 * the element-wise kernel makes about a dozen passes: on BERT-base this takes the optimizer from
 * about a fifth of a training step to a small fraction. Found by {@code AdamW} through {@link
 * java.util.ServiceLoader}; used for float32 parameters of DJL's PyTorch engine on the CPU.
 */
public final class FusedAdamW implements AdamWKernel {

  @Override
  public boolean supports(NDArray parameter) {
    return parameter instanceof PtNDArray
        && parameter.getDataType() == DataType.FLOAT32
        && Device.Type.CPU.equals(parameter.getDevice().getDeviceType());
  }

  @Override
  public void update(Update update) {
    LowPrecisionOps.get().adamwStep(update);
  }
}
