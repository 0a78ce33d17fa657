"""Does PyTorch's own dynamic INT8 keep the answers of a model qa4j fine-tuned?

Loads the model in transformers, quantizes every Linear with torch.ao.quantization.quantize_dynamic
(qint8, PyTorch's defaults) and counts the questions whose argmax start and end tokens (first
window, 384 tokens) stay the same as in float32.

Usage: python int8_torch_check.py MODEL_DIR SQUAD_JSON [QUESTIONS]
"""

import json
import sys

import torch
from transformers import AutoModelForQuestionAnswering, PreTrainedTokenizerFast


def main(model_dir, squad, count):
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=model_dir + "/tokenizer.json", unk_token="[UNK]", sep_token="[SEP]",
        pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]")
    model = AutoModelForQuestionAnswering.from_pretrained(model_dir).eval()
    quantized = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    with open(squad, encoding="utf-8") as f:
        data = json.load(f)["data"]
    pairs = [(q["question"], p["context"]) for a in data for p in a["paragraphs"] for q in p["qas"]]
    pairs = pairs[:count]
    same = 0
    with torch.no_grad():
        for question, context in pairs:
            inputs = tokenizer(question, context, truncation="only_second", max_length=384,
                               return_tensors="pt")
            a, b = model(**inputs), quantized(**inputs)
            same += (a.start_logits.argmax().item() == b.start_logits.argmax().item()
                     and a.end_logits.argmax().item() == b.end_logits.argmax().item())
    print(f"torch quantize_dynamic: same argmax span for {same} of {len(pairs)} questions")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 120)
