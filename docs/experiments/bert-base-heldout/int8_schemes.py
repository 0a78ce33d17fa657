"""Where dynamic INT8 loses a fine-tuned BERT-base's answers, and which activation scheme keeps them.

Part 1 quantizes subsets of the Linear layers with torch's quantize_dynamic (qint8, per-tensor
activations with reduce_range, as qa4j's INT8 does) and counts the first QUESTIONS held-out
questions whose argmax start and end (first 384-token window) stay as in float32; it also prints
each layer's hidden-state error relative to float32 with every Linear quantized.

Part 2 simulates schemes in float32 (fake quantization): weights per output channel to int8, and
activations per tensor in 7 bits (reduce_range), per tensor in 8 bits, per token (row) in 8 bits
symmetric or asymmetric, per token with the outlier columns (any |x| > 6) left in float32 as
LLM.int8() does, and per token on every Linear but the feed-forward output; SAMPLE questions
spread over the held-out file.

Usage: python int8_schemes.py MODEL_DIR HELDOUT_JSON [QUESTIONS=30] [SAMPLE=40]
"""

import copy
import json
import sys

import torch
from transformers import AutoModelForQuestionAnswering, PreTrainedTokenizerFast


def load(model_dir):
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=model_dir + "/tokenizer.json", unk_token="[UNK]", sep_token="[SEP]",
        pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]")
    return tokenizer, AutoModelForQuestionAnswering.from_pretrained(model_dir).eval()


def best_span(model, inputs, **kw):
    out = model(**inputs, **kw)
    return (out.start_logits.argmax().item(), out.end_logits.argmax().item()), out


def part1(model, encode, pairs):
    def linears(keep):
        return {n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and keep(n)}

    variants = {
        "every Linear": linears(lambda n: True),
        "all but qa_outputs": linears(lambda n: "qa_outputs" not in n),
        "all but the feed-forward output": linears(lambda n: not is_ffn_output(n)),
        "attention only": linears(lambda n: "attention" in n),
    }
    quantized = {k: torch.ao.quantization.quantize_dynamic(copy.deepcopy(model), v, dtype=torch.qint8)
                 for k, v in variants.items()}
    same = dict.fromkeys(quantized, 0)
    layer_error = None
    for question, context in pairs:
        inputs = encode(question, context)
        want, ref = best_span(model, inputs, output_hidden_states=True)
        for name, q in quantized.items():
            got, out = best_span(q, inputs, output_hidden_states=True)
            same[name] += got == want
            if name == "every Linear":
                e = [((a - b).norm() / a.norm()).item()
                     for a, b in zip(ref.hidden_states, out.hidden_states)]
                layer_error = e if layer_error is None else [max(x, y) for x, y in zip(layer_error, e)]
    for name in quantized:
        print(f"quantize_dynamic, {name} ({len(variants[name])} layers): "
              f"same span for {same[name]} of {len(pairs)}")
    print("largest hidden-state error relative to fp32, embeddings then each layer:",
          [round(x, 3) for x in layer_error])


def weight_int8(w):
    scale = w.abs().amax(1, keepdim=True).clamp_min(1e-8) / 127.5
    return torch.round(w / scale).clamp(-128, 127) * scale


def per_tensor(bits):
    def fake(x):
        lo, hi = min(x.min().item(), 0.0), max(x.max().item(), 0.0)
        levels = 2 ** bits - 1
        scale = (hi - lo) / levels if hi > lo else 1.0
        zero = round(-lo / scale)
        return (torch.round(x / scale) + zero).clamp(0, levels).sub(zero) * scale
    return fake


def per_token(x):
    scale = x.abs().amax(-1, keepdim=True).clamp_min(1e-8) / 127
    return torch.round(x / scale).clamp(-127, 127) * scale


def per_token_asymmetric(x):
    lo = x.amin(-1, keepdim=True).clamp_max(0)
    hi = x.amax(-1, keepdim=True).clamp_min(0)
    scale = ((hi - lo) / 255).clamp_min(1e-8)
    zero = torch.round(-lo / scale) - 128
    return (torch.round(x / scale) + zero).clamp(-128, 127).sub(zero) * scale


def outliers_in_float(threshold):
    def fake(x):
        columns = x.abs().amax(dim=tuple(range(x.dim() - 1))) > threshold
        return per_token(x * ~columns) + x * columns
    return fake


def is_ffn_output(name):
    return name.endswith("output.dense") and "attention" not in name


def part2(model, encode, pairs):
    layers = {n: m for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    plain = {m: m.forward for m in layers.values()}
    inputs = [encode(q, c) for q, c in pairs]
    want = [best_span(model, i)[0] for i in inputs]
    every = lambda n: True
    schemes = {"per tensor, 7 bits (reduce_range)": (per_tensor(7), every),
               "per tensor, 8 bits": (per_tensor(8), every),
               "per token, 8 bits": (per_token, every),
               "per token, 8 bits asymmetric": (per_token_asymmetric, every),
               "per token, 8 bits, outlier columns (|x| > 6) in float32": (outliers_in_float(6.0), every),
               "per token, 8 bits, feed-forward output in float32": (per_token, lambda n: not is_ffn_output(n))}
    for name, (fake, chosen) in schemes.items():
        for n, m in layers.items():
            if chosen(n):
                w = weight_int8(m.weight.data)
                m.forward = (lambda m, w: lambda x: torch.nn.functional.linear(fake(x), w, m.bias))(m, w)
        same = sum(best_span(model, i)[0] == w for i, w in zip(inputs, want))
        for m in layers.values():
            m.forward = plain[m]
        print(f"simulated, activations {name}: same span for {same} of {len(pairs)}")


def main(model_dir, heldout, questions, sample):
    torch.set_num_threads(2)
    tokenizer, model = load(model_dir)
    with open(heldout, encoding="utf-8") as f:
        data = json.load(f)["data"]
    pairs = [(q["question"], p["context"]) for a in data for p in a["paragraphs"] for q in p["qas"]]

    def encode(question, context):
        return tokenizer(question, context, truncation="only_second", max_length=384,
                         return_tensors="pt")

    with torch.no_grad():
        part1(model, encode, pairs[:questions])
        part2(model, encode, pairs[::max(1, len(pairs) // sample)][:sample])


if __name__ == "__main__":
    a = sys.argv
    main(a[1], a[2], int(a[3]) if len(a) > 3 else 30, int(a[4]) if len(a) > 4 else 40)
