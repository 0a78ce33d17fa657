#!/usr/bin/env python3
"""The Python peer of `BertBenchmark --mode step` (and `--mode train`, `--mode forward`): one BERT
question-answering training step (forward, backward, gradient clipping, AdamW) at batch x seq, in
float32 and under bf16 autocast, with transformers and PyTorch on the CPU; with --forward-only, one
inference forward (eval mode, torch.inference_mode) instead.

    python bert_train_step.py MODEL_DIR [--batch 4] [--seq 384] [--runs 3] [--attn eager]

MODEL_DIR is a local Hugging Face / qa4j model directory with config.json and model.safetensors
(for example the output of `qa quickstart`, or BERT-base converted by qa4j); the weights only set
the model's size, since the inputs are random token ids. Needs torch and transformers (tested
against transformers 5.17 / torch 2.13 on the machine the issue was measured on).
"""
import argparse
import time

import torch
from transformers import AutoModelForQuestionAnswering


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("model_dir")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--seq", type=int, default=384)
    p.add_argument("--warmup", type=int, default=1, help="untimed steps first (per precision)")
    p.add_argument("--runs", type=int, default=3, help="timed steps (per precision)")
    p.add_argument("--attn", default="eager", choices=["eager", "sdpa"],
                   help="attention implementation (transformers' attn_implementation)")
    p.add_argument("--forward-backward-only", action="store_true",
                   help="skip clipping and AdamW, as BertBenchmark --mode train does")
    p.add_argument("--forward-only", action="store_true",
                   help="time an inference forward instead, as BertBenchmark --mode forward does")
    p.add_argument("--precision", default="fp32,bf16",
                   help="comma-separated: fp32 and/or bf16 (bf16 = torch.autocast on the CPU)")
    args = p.parse_args()

    torch.manual_seed(0)
    model = AutoModelForQuestionAnswering.from_pretrained(
        args.model_dir, attn_implementation=args.attn)
    model.train()
    # The Trainer's defaults for fine-tuning: AdamW, weight decay 0.0 (its default), max_grad_norm 1.
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    vocab = model.config.vocab_size
    g = torch.Generator().manual_seed(7)
    input_ids = torch.randint(1000, vocab, (args.batch, args.seq), generator=g)
    token_type_ids = (torch.arange(args.seq) >= 64).long().expand(args.batch, -1).contiguous()
    attention_mask = torch.ones(args.batch, args.seq, dtype=torch.long)
    starts = torch.randint(64, args.seq - 32, (args.batch,), generator=g)
    ends = starts + torch.randint(0, 30, (args.batch,), generator=g)

    def forward(bf16):
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            out = model(input_ids=input_ids, token_type_ids=token_type_ids,
                        attention_mask=attention_mask)
        return out.start_logits.float().sum().item()

    def step(bf16):
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            out = model(input_ids=input_ids, token_type_ids=token_type_ids,
                        attention_mask=attention_mask, start_positions=starts,
                        end_positions=ends)
        out.loss.backward()
        if not args.forward_backward_only:
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        return out.loss.item()

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, attention {args.attn}, "
          f"batch {args.batch} x {args.seq}")
    if args.forward_only:
        model.eval()
        step = forward
    for precision in args.precision.split(","):
        bf16 = precision.strip() == "bf16"
        for _ in range(args.warmup):
            step(bf16)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            loss = step(bf16)
            times.append(time.perf_counter() - t)
        best = min(times)
        what = "forward" if args.forward_only else "step"
        print(f"{precision.strip()}: {what} times {', '.join(f'{s:.3f}' for s in times)} s; "
              f"best {best:.3f} s = {args.batch / best:.2f} windows/s; last value {loss:.4f}")


if __name__ == "__main__":
    main()
