#!/usr/bin/env python3
"""The Python peer of `QuestionAnswererBenchmark`: the loop a Python user writes to answer one
question at a time with transformers, over the same SQuAD v1.1 dev questions (question
i * 50 mod N for i < --questions, in file order), in float32 and under bf16 autocast.

Per question: run_qa.py's validation windows (question left-stripped, the context truncated with
max_length 384 and stride 128, every overflowing window kept, with offsets), padding to the
longest window rather than to max_length, one forward pass over all windows, then utils_qa.py's
decoding reduced to the best answer: the 20 best starts and ends of each window, spans inside the
context of at most 30 tokens, the highest start + end logit over all windows.

    python qa_inference_loop.py MODEL_DIR ../shared/data/squad/dev-v1.1.json [--questions 200]

The windows are cut as tokenizers cut them up to 0.22, for which run_qa.py was written and which
qa4j keeps: tokenizers 0.23 (what transformers 5.17 installs) truncates the context to max_length
tokens before it cuts windows, so a long context loses its tail and the loop would answer from
fewer windows than qa4j reads. Here the question and the context are encoded alone, the context is
truncated with the stride (its overflow are the later windows), and the tokenizer's post-processor
joins each part with the question, the order in which 0.22 applies these steps.

MODEL_DIR is a local model directory with config.json, model.safetensors and tokenizer.json (the
output of `qa quickstart`, or a fine-tuned BERT-base). Prints questions/s and latency p50 / p90 /
p99 per precision, computed as QuestionAnswererBenchmark does.
"""
import argparse
import json
import math
import os
import time

import torch
from tokenizers import Tokenizer
from transformers import AutoModelForQuestionAnswering, AutoTokenizer, PreTrainedTokenizerFast


def load_tokenizer(model_dir):
    if os.path.exists(os.path.join(model_dir, "tokenizer_config.json")):
        return AutoTokenizer.from_pretrained(model_dir)
    # qa4j's directories carry tokenizer.json alone: wrap it with BERT's special tokens.
    return PreTrainedTokenizerFast(
        tokenizer_file=os.path.join(model_dir, "tokenizer.json"), unk_token="[UNK]",
        sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]")


def questions(path, count, every):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["data"]
    flat = [(qa["question"], p["context"])
            for article in data for p in article["paragraphs"] for qa in p["qas"]]
    return [flat[i * every % len(flat)] for i in range(count)]


class Windows:
    """Cuts (question, context) into the windows tokenizers up to 0.22 make for run_qa.py."""

    def __init__(self, tokenizer, max_length, stride):
        self.joiner = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
        self.joiner.no_truncation()
        self.joiner.no_padding()
        # Encodes one sequence without special tokens; the joiner's post-processor adds them once.
        self.splitter = Tokenizer.from_str(self.joiner.to_str())
        self.splitter.post_processor = None
        self.max_length, self.stride = max_length, stride
        self.pad_id = tokenizer.pad_token_id

    def __call__(self, question, context):
        q = self.splitter.encode(question, add_special_tokens=False)
        c = self.splitter.encode(context, add_special_tokens=False)
        room = self.max_length - self.joiner.num_special_tokens_to_add(True) - len(q)
        if len(c) > room:
            c.truncate(room, stride=self.stride, direction="right")
        encodings = [self.joiner.post_process(q, part) for part in [c] + c.overflowing]
        width = max(len(e.ids) for e in encodings)
        for e in encodings:
            e.pad(width, pad_id=self.pad_id)
        tensors = {
            "input_ids": torch.tensor([e.ids for e in encodings]),
            "token_type_ids": torch.tensor([e.type_ids for e in encodings]),
            "attention_mask": torch.tensor([e.attention_mask for e in encodings]),
        }
        return tensors, [e.offsets for e in encodings], [e.sequence_ids for e in encodings]


def answer(model, windows, question, context, args, bf16):
    enc, offsets, sequence_ids = windows(question.lstrip(), context)
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        out = model(**enc)
    starts = out.start_logits.float()
    ends = out.end_logits.float()
    best, best_text = -math.inf, ""
    for w in range(starts.shape[0]):
        seq_ids = sequence_ids[w]
        k = min(args.n_best, starts.shape[1])
        s_top = torch.topk(starts[w], k).indices.tolist()
        e_top = torch.topk(ends[w], k).indices.tolist()
        for s in s_top:
            for e in e_top:
                if seq_ids[s] != 1 or seq_ids[e] != 1 or e < s or e - s + 1 > args.max_answer_length:
                    continue
                score = starts[w, s].item() + ends[w, e].item()
                if score > best:
                    best, best_text = score, context[offsets[w][s][0]:offsets[w][e][1]]
    return best_text


def percentile(sorted_ms, p):
    index = math.ceil(p / 100 * len(sorted_ms)) - 1
    return sorted_ms[max(0, min(len(sorted_ms) - 1, index))]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("model_dir")
    p.add_argument("dev_file", help="SQuAD v1.1 dev JSON")
    p.add_argument("--questions", type=int, default=200)
    p.add_argument("--every", type=int, default=50, help="take question i * EVERY mod N")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--max_seq_length", type=int, default=384)
    p.add_argument("--doc_stride", type=int, default=128)
    p.add_argument("--n_best", type=int, default=20)
    p.add_argument("--max_answer_length", type=int, default=30)
    p.add_argument("--attn", default="sdpa", choices=["eager", "sdpa"])
    p.add_argument("--precision", default="fp32,bf16", help="comma-separated: fp32, bf16")
    args = p.parse_args()

    windows = Windows(load_tokenizer(args.model_dir), args.max_seq_length, args.doc_stride)
    model = AutoModelForQuestionAnswering.from_pretrained(
        args.model_dir, attn_implementation=args.attn).eval()
    qs = questions(args.dev_file, args.questions, args.every)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, attention {args.attn}, "
          f"{len(qs)} questions")
    for precision in args.precision.split(","):
        bf16 = precision.strip() == "bf16"
        for i in range(args.warmup):
            answer(model, windows, *qs[i % len(qs)], args, bf16)
        latencies = []
        start = time.perf_counter()
        for q, c in qs:
            t = time.perf_counter()
            answer(model, windows, q, c, args, bf16)
            latencies.append((time.perf_counter() - t) * 1000)
        total = time.perf_counter() - start
        latencies.sort()
        print(f"{precision.strip()}: {len(qs) / total:.2f} questions/s, latency p50 "
              f"{percentile(latencies, 50):.0f} ms, p90 {percentile(latencies, 90):.0f} ms, "
              f"p99 {percentile(latencies, 99):.0f} ms, max {latencies[-1]:.0f} ms")


if __name__ == "__main__":
    main()
