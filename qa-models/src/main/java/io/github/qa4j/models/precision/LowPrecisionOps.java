package io.github.qa4j.models.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.github.qa4j.core.train.optim.AdamWKernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * bfloat16 and dynamic INT8 matrix products for the PyTorch engine, and two fused libtorch kernels
 * that DJL does not expose (scaled dot-product attention, the fused AdamW step), through a small
 * TorchScript module ({@code LowPrecisionOps.py} beside this class) that {@link TorchScriptArchive}
 * packs and libtorch loads on first use.
 *
 * <p>Why a module: DJL 0.36 knows no bfloat16 data type, and its native layer terminates the JVM
 * when it meets one (in {@code softmax}, {@code toString}, {@code toDevice}, ...). Inside the
 * module libtorch casts, multiplies and casts back, so every array Java receives is float32;
 * bfloat16 weights and packed INT8 weights stay {@link OpaqueValue}s.
 *
 * <p>Results of the inference methods are made under libtorch's inference mode: they can enter any
 * functional operation but no in-place one ({@code duplicate()} them first), and cannot be saved
 * for a backward pass. {@link #linearBf16Autograd} is the training form. One instance serves the
 * whole JVM and every thread.
 */
public final class LowPrecisionOps {

  private static final String CLASS_NAME = "LowPrecisionOps";
  private static final String SOURCE = CLASS_NAME + ".py";
  private static LowPrecisionOps instance;

  private final PtSymbolBlock module;

  private LowPrecisionOps(PtSymbolBlock module) {
    this.module = module;
  }

  /**
   * The JVM's instance, loading the module on first use.
   *
   * @throws IllegalStateException when the default engine is not PyTorch
   */
  public static synchronized LowPrecisionOps get() {
    if (instance == null) {
      instance = new LowPrecisionOps(load());
    }
    return instance;
  }

  /** The TorchScript source of the module, as packed into its archive. */
  public static String source() {
    try (InputStream in = LowPrecisionOps.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + SOURCE + " is missing from qa-models");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading resource " + SOURCE, e);
    }
  }

  /** The archive libtorch loads, written from {@link #source()}. */
  public static byte[] archive() {
    return TorchScriptArchive.statelessModule(CLASS_NAME, source());
  }

  private static PtSymbolBlock load() {
    // Lives as long as the JVM: the module is shared by every model.
    NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    if (!(manager instanceof PtNDManager pt)) {
      manager.close();
      throw new IllegalStateException(
          "bf16 and INT8 need DJL's PyTorch engine, not " + manager.getEngine().getEngineName());
    }
    try {
      // The pickled module is already in eval mode (training = False).
      return JniUtils.loadModule(pt, new ByteArrayInputStream(archive()), true, false);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException("Loading the " + CLASS_NAME + " TorchScript module", e);
    }
  }

  /**
   * A contiguous bfloat16 copy of {@code array}, closed with {@code owner}.
   *
   * @param array a float32 array
   * @param owner the manager whose closing frees the copy (usually the model's)
   */
  public OpaqueValue toBf16(NDArray array, NDManager owner) {
    return new OpaqueValue(run("to_bf16", array), owner);
  }

  /**
   * {@code x W^T + b} with a bfloat16 product and a float32 result in the manager of {@code x}.
   *
   * @param x float32 {@code [..., in]}
   * @param weight {@link #toBf16} of a {@code [out, in]} weight
   * @param bias {@link #toBf16} of a {@code [out]} bias
   */
  public NDArray linearBf16(NDArray x, OpaqueValue weight, OpaqueValue bias) {
    try (IValue input = IValue.from(pt(x))) {
      return tensor(
          x, IValueUtils.runMethod(module, "linear_bf16", input, weight.value(), bias.value()));
    }
  }

  /**
   * {@code softmax(q k^T / sqrt(headSize) + mask) v} in float32 by libtorch's fused attention
   * kernel, which never writes the scores out; for inference (no dropout).
   *
   * @param q queries {@code [batch, heads, seqLen, headSize]}
   * @param k keys, shaped like {@code q}
   * @param v values, shaped like {@code q}
   * @param additiveMask added to the scores, broadcast to {@code [batch, heads, seqLen, seqLen]}
   * @return the context, shaped like {@code q}, in the manager of {@code q}
   */
  public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    // Outside inference mode, as the differentiable methods run: a thread with autograd on (any
    // thread but the engine's first) and weights that require gradients (a model trained in this
    // JVM) save the next layer's input for backward, which an inference tensor cannot be.
    return differentiable("attention", q, k, v, additiveMask);
  }

  /**
   * Per-channel symmetric int8 weights, reordered once for oneDNN's int8 product, with their scales
   * and the float32 bias, for {@link #linearInt8}.
   *
   * @param weight float32 {@code [out, in]}
   * @param bias float32 {@code [out]}
   * @param owner the manager whose closing frees the packed parameters
   */
  public OpaqueValue packInt8(NDArray weight, NDArray bias, NDManager owner) {
    try (IValue w = IValue.from(pt(weight));
        IValue b = IValue.from(pt(bias))) {
      return new OpaqueValue(IValueUtils.runMethod(module, "pack_int8", w, b), owner);
    }
  }

  /**
   * {@code x W^T + b} with each row (token) of {@code x} quantized to int8 on the fly with its own
   * scale and offset, and an int8 product by oneDNN (AMX or VNNI where the CPU has them); a float32
   * result in the manager of {@code x}.
   */
  public NDArray linearInt8(NDArray x, OpaqueValue packed) {
    try (IValue input = IValue.from(pt(x))) {
      return tensor(x, IValueUtils.runMethod(module, "linear_int8", input, packed.value()));
    }
  }

  /**
   * {@code x W^T + b} through a bfloat16 product, recorded for autograd: gradients reach the
   * float32 {@code weight} and {@code bias}, and the result is float32.
   */
  public NDArray linearBf16Autograd(NDArray x, NDArray weight, NDArray bias) {
    return differentiable("linear_bf16_autograd", x, weight, bias);
  }

  /**
   * {@code a @ b} (batched, broadcast) of float32 arrays through a bfloat16 product, recorded for
   * autograd: gradients reach both float32 operands.
   */
  public NDArray matMulBf16Autograd(NDArray a, NDArray b) {
    return differentiable("matmul_bf16", a, b);
  }

  /**
   * One AdamW update of a float32 parameter by libtorch's fused kernel, in place: see {@link
   * FusedAdamW}.
   */
  public void adamwStep(AdamWKernel.Update u) {
    try (NDArray count = u.parameter().getManager().create((float) u.step());
        IValue p = IValue.from(pt(u.parameter()));
        IValue g = IValue.from(pt(u.gradient()));
        IValue m = IValue.from(pt(u.expAvg()));
        IValue v = IValue.from(pt(u.expAvgSq()));
        IValue t = IValue.from(pt(count));
        IValue lr = IValue.from(u.learningRate());
        IValue b1 = IValue.from(u.options().beta1());
        IValue b2 = IValue.from(u.options().beta2());
        IValue wd = IValue.from(u.weightDecay());
        IValue eps = IValue.from(u.options().epsilon())) {
      // The result is the parameter itself, updated in place; only its handle is released.
      IValueUtils.runMethod(module, "adamw_step", p, g, m, v, t, lr, b1, b2, wd, eps).close();
    }
  }

  /**
   * Runs {@code method} outside inference mode, where autograd records it. DJL's only way there is
   * its NDList forward, which takes the method's name from an array so named.
   */
  private NDArray differentiable(String method, NDArray... inputs) {
    NDList args = new NDList(inputs.length + 1);
    try (NDArray name = inputs[0].getManager().create(0f)) {
      name.setName("module_method:" + method);
      args.add(name);
      for (NDArray input : inputs) {
        args.add(pt(input));
      }
      return IValueUtils.forward(module, args, true).singletonOrThrow();
    }
  }

  /**
   * {@link #attention} when the arrays are the PyTorch engine's float32 ones on the CPU, else null
   * (the caller then multiplies step by step).
   */
  static NDArray fusedAttention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    if (!(q instanceof PtNDArray)
        || q.getDataType() != DataType.FLOAT32
        || !Device.Type.CPU.equals(q.getDevice().getDeviceType())) {
      return null;
    }
    return get().attention(q, k, v, additiveMask);
  }

  private IValue run(String method, NDArray array) {
    try (IValue input = IValue.from(pt(array))) {
      return IValueUtils.runMethod(module, method, input);
    }
  }

  private static NDArray tensor(NDArray like, IValue result) {
    try (result) {
      return result.toTensor((PtNDManager) like.getManager());
    }
  }

  private static PtNDArray pt(NDArray array) {
    if (!(array instanceof PtNDArray pt)) {
      throw new IllegalArgumentException(
          "bf16 and INT8 need DJL's PyTorch engine; got an array of "
              + array.getManager().getEngine().getEngineName());
    }
    if (pt.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("Expected a float32 array, got " + pt.getDataType());
    }
    return pt;
  }
}
