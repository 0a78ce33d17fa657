# TorchScript source of the helper module behind qa4j's bf16 and INT8 inference, fused attention
# and fused AdamW (see io.github.qa4j.models.precision.LowPrecisionOps). It is written in the
# dialect that torch.jit.save emits under code/__torch__.py and that torch.jit.load parses:
# builtins are spelled torch.<aten op>, other libraries' ops ops.<library>.<op>, and dtypes are
# c10::ScalarType codes (1 int8, 4 int64, 6 float32, 7 float64, 12 qint8, 15 bfloat16).
# TorchScriptArchive packs this text with the pickled module object into the zip archive that
# libtorch loads, at first use; no Python is involved. Only unversioned operators appear here (no
# div), so that archive format version 3 is exact for every method.
class LowPrecisionOps(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.LowPrecisionOps,
    x: Tensor) -> Tensor:
    return x
  # A float32 weight or bias as a contiguous bfloat16 copy, made once when a model is converted.
  def to_bf16(self: __torch__.LowPrecisionOps,
    w: Tensor) -> Tensor:
    return torch.contiguous(torch.to(w, 15))
  # y = x W^T + b with a bfloat16 product (oneDNN accumulates in float32) and a float32 result.
  def linear_bf16(self: __torch__.LowPrecisionOps,
    x: Tensor,
    w: Tensor,
    b: Tensor) -> Tensor:
    return torch.to(torch.linear(torch.to(x, 15), w, b), 6)
  # a @ b (batched, broadcast) from float32 operands through a bfloat16 product; run outside
  # inference mode, autograd differentiates it back to both float32 operands.
  def matmul_bf16(self: __torch__.LowPrecisionOps,
    a: Tensor,
    b: Tensor) -> Tensor:
    return torch.to(torch.matmul(torch.to(a, 15), torch.to(b, 15)), 6)
  # The training form of linear_bf16: the casts are inside the graph, so autograd carries the
  # gradient back to the float32 master weight and bias.
  def linear_bf16_autograd(self: __torch__.LowPrecisionOps,
    x: Tensor,
    w: Tensor,
    b: Tensor) -> Tensor:
    _0 = torch.linear(torch.to(x, 15), torch.to(w, 15), torch.to(b, 15))
    return torch.to(_0, 6)
  # Per-output-channel symmetric int8 weights (scale = max|w| / 127.5, zero point 0, as PyTorch's
  # per_channel_symmetric observer picks them), reordered once by oneDNN for its int8 product, with
  # their float32 scales and zero points, the float32 bias, and the row sums of the quantized
  # weights (what an input row's offset adds to each output).
  def pack_int8(self: __torch__.LowPrecisionOps,
    w: Tensor,
    b: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    _1 = torch.clamp_min(torch.amax(torch.abs(w), [1]), 1.0e-8)
    scale = torch.to(torch.mul(_1, 0.0078431372549019607), 7)
    zero = torch.zeros_like(scale, dtype=4)
    q = torch.quantize_per_channel(torch.contiguous(w), scale, zero, 0, 12)
    packed = ops.onednn.qlinear_prepack(torch.int_repr(q), None)
    sums = torch.sum(torch.dequantize(q), [1])
    return (packed, torch.to(scale, 6), zero, b, sums)
  # Dynamic quantization per token: each row of x gets its own int8 scale and offset, its values
  # spread over -127..127 around the middle of their range, so one token's outlier does not flatten
  # the other tokens, and a row of mostly positive values (after GELU) still uses every level.
  # oneDNN multiplies int8 by int8 into int32 (AMX or VNNI where the CPU has them) and applies the
  # weight scales; the row scales, the row offsets times the weight row sums, and the bias follow
  # in float32.
  def linear_int8(self: __torch__.LowPrecisionOps,
    x: Tensor,
    p: Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]) -> Tensor:
    packed, scale, zero, b, sums, = p
    lo, hi, = torch.aminmax(x, dim=-1, keepdim=True)
    middle = torch.mul(torch.add(lo, hi), 0.5)
    rows = torch.mul(torch.clamp_min(torch.sub(hi, lo), 1.0e-8), 0.0039370078740157480)
    q = torch.to(torch.round(torch.mul(torch.sub(x, middle), torch.reciprocal(rows))), 1)
    _3 = annotate(List[Optional[number]], [])
    y = ops.onednn.qlinear_pointwise(q, 1., 0, packed, scale, zero, None, 1., 0, 6, "none", _3, "")
    return torch.addcmul(torch.addcmul(b, y, rows), middle, sums)
  # One AdamW step of one float32 parameter, in place, by libtorch's fused CPU kernel (what
  # torch.optim.AdamW(fused=True) calls): one pass over the parameter, its gradient and both moments
  # instead of a dozen element-wise passes. Returns the parameter, read from the list the kernel
  # wrote: otherwise the compiler drops the call as dead code (the op returns nothing).
  def adamw_step(self: __torch__.LowPrecisionOps,
    param: Tensor,
    grad: Tensor,
    exp_avg: Tensor,
    exp_avg_sq: Tensor,
    step: Tensor,
    lr: float,
    beta1: float,
    beta2: float,
    weight_decay: float,
    eps: float) -> Tensor:
    params = [param]
    _2 = annotate(List[Tensor], [])
    torch._fused_adamw_(params, [grad], [exp_avg], [exp_avg_sq], _2, [step], lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False, grad_scale=None, found_inf=None)
    return params[0]
  # softmax(q k^T / sqrt(head_size) + mask) v in float32 by libtorch's fused kernel (flash attention
  # on the CPU, what transformers' "sdpa" attention calls): the [batch, heads, seq, seq] scores are
  # never written out. Inference only; q, k, v [batch, heads, seq, head_size], mask additive.
  def attention(self: __torch__.LowPrecisionOps,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor) -> Tensor:
    return torch.scaled_dot_product_attention(q, k, v, mask, 0., False, scale=None, enable_gqa=False)
