"""Checks that transformers loads a model folder that qa4j saved and computes the outputs qa4j
computed.

    python3 scripts/check_transformers_load.py MODEL_DIR FEATURES.jsonl[.gz] LOGITS.safetensors \
        [--tolerance 1e-4] [--batch-size 32]

- MODEL_DIR: a folder qa4j wrote (``qa run-qa --output_dir``, ``QaModel.save``): ``config.json``,
  ``model.safetensors`` and, when present, tokenizer files.
- FEATURES: the windows, as ``qa features`` writes them.
- LOGITS: qa4j's outputs for those windows, as ``qa logits`` writes them.

The folder is loaded with ``AutoModelForQuestionAnswering.from_pretrained``, or with the class
its ``architectures`` names where that is another question-answering class (XLNet's beam-search
head: ``XLNetForQuestionAnswering``): every parameter must be used and none may be missing. When
the folder holds ``tokenizer.json``, ``AutoTokenizer`` must load it and its vocabulary must
cover every id of the windows. The model then runs in eval mode over the windows, fed the inputs
its ``forward`` takes (``token_type_ids``, ``p_mask`` and ``cls_index`` only where it takes
them), and each output qa4j wrote is compared: the largest absolute difference must be at most
the tolerance; the beam-search head's top indexes must rank where the model's probabilities put
them (where two tokens tie within the tolerance either order passes: a model with random weights
has such ties). Prints one line per output and exits 1 on any failure (2 for bad arguments).
"""

import argparse
import gzip
import inspect
import json
import os
import sys

import torch
from safetensors.torch import load_file
import transformers
from transformers import AutoConfig, AutoModelForQuestionAnswering, AutoTokenizer


def read_features(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tokenizer_check(model_dir, features):
    """Loads the folder's tokenizer, if it has one; returns a line saying what was found."""
    if not os.path.isfile(os.path.join(model_dir, "tokenizer.json")):
        return "no tokenizer files: tokenizer not checked"
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    largest = max(max(f["input_ids"]) for f in features)
    if largest >= len(tokenizer):
        raise SystemExit(
            f"FAIL tokenizer: {type(tokenizer).__name__} has {len(tokenizer)} tokens,"
            f" the windows use id {largest}"
        )
    return f"tokenizer: {type(tokenizer).__name__}, {len(tokenizer)} tokens"


def model_class(model_dir):
    """AutoModelForQuestionAnswering's class for the config, unless the config's architectures
    name another question-answering class: XLNet's beam-search head is XLNetForQuestionAnswering,
    while the auto class gives XLNetForQuestionAnsweringSimple (run_qa_beam_search.py names the
    class itself)."""
    config = AutoConfig.from_pretrained(model_dir)
    auto = AutoModelForQuestionAnswering._model_mapping[type(config)]
    named = (config.architectures or [None])[0]
    if named and named != auto.__name__ and named.endswith("ForQuestionAnswering"):
        return getattr(transformers, named)
    return AutoModelForQuestionAnswering


def beam_ranks(model, inputs, start_index):
    """For a beam-search head (XLNetForQuestionAnswering), the probability the model gives to every
    token as a start, and as an end for each of qa4j's start candidates, as the head computes them
    (``start_logits`` over the hidden states; ``end_logits`` over them and the start's state):
    ``[windows, seq_len]`` and ``[windows, start_n_top, seq_len]``."""
    p_mask = inputs["p_mask"]
    encoder_inputs = {k: v for k, v in inputs.items() if k not in ("p_mask", "cls_index")}
    hidden = model.transformer(**encoder_inputs).last_hidden_state
    start_probs = torch.softmax(model.start_logits(hidden, p_mask=p_mask), dim=-1)
    seq_len, width = hidden.shape[1], hidden.shape[2]
    gathered = torch.gather(hidden, 1, start_index.unsqueeze(-1).expand(-1, -1, width))
    start_states = gathered.unsqueeze(1).expand(-1, seq_len, -1, -1)
    end_logits = model.end_logits(
        hidden.unsqueeze(2).expand_as(start_states),
        start_states=start_states,
        p_mask=p_mask.unsqueeze(-1),
    )
    return start_probs, torch.softmax(end_logits, dim=1).transpose(1, 2)


def check_ranked(name, index, probs, tolerance):
    """qa4j's top indexes [windows, candidates, k] against the model's probabilities [windows,
    candidates, seq_len]: the r-th index must have the r-th largest probability (within the
    tolerance), so indexes may differ from the model's only where probabilities tie."""
    if int(index.min()) < 0 or int(index.max()) >= probs.shape[-1]:
        print(f"FAIL {name}: indexes outside [0, {probs.shape[-1]})")
        return False
    top = probs.topk(index.shape[-1], dim=-1)
    given = torch.gather(probs, -1, index)
    worst = (given - top.values).abs().max().item()
    differ = int((top.indices != index).sum())
    ok = worst <= tolerance
    verdict = "every index ranks" if ok else "some index does not rank"
    print(
        f"{'ok  ' if ok else 'FAIL'} {name}: {differ} of {index.numel()} indexes differ from the"
        f" model's; {verdict} where its probability does (worst {worst:.3e})"
    )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("features")
    parser.add_argument("logits")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    features = read_features(args.features)
    expected = load_file(args.logits)
    if not features:
        parser.error(f"{args.features}: holds no windows")

    model, info = model_class(args.model_dir).from_pretrained(
        args.model_dir, output_loading_info=True
    )
    problems = {k: v for k, v in info.items() if v}
    print(f"{args.model_dir}: {type(model).__name__}")
    print(tokenizer_check(args.model_dir, features))
    if problems:
        print(f"FAIL loading: {problems}")
        return 1
    model.eval()

    accepted = inspect.signature(model.forward).parameters
    columns = {"input_ids": "input_ids", "attention_mask": "attention_mask"}
    for name in ("token_type_ids", "p_mask", "cls_index"):
        if name in accepted:
            columns[name] = name
    beam = "start_top_index" in expected
    outputs = {}
    with torch.no_grad():
        for start in range(0, len(features), args.batch_size):
            chunk = features[start : start + args.batch_size]
            inputs = {
                name: torch.tensor(
                    [f[name] for f in chunk],
                    dtype=torch.float32 if name == "p_mask" else torch.long,
                )
                for name in columns
            }
            result = model(**inputs)
            for name in expected:
                outputs.setdefault(name, []).append(getattr(result, name, None))
            if beam:
                start_probs, end_probs = beam_ranks(
                    model, inputs, expected["start_top_index"][start : start + len(chunk)]
                )
                outputs.setdefault("start_probs", []).append(start_probs)
                outputs.setdefault("end_probs", []).append(end_probs)

    failed = False
    for name, want in expected.items():
        if name not in outputs or outputs[name][0] is None:
            print(f"FAIL {name}: {type(model).__name__} gives no such output")
            failed = True
            continue
        got = torch.cat(outputs[name])
        if tuple(got.shape) != tuple(want.shape):
            print(f"FAIL {name}: shape {tuple(got.shape)} here, {tuple(want.shape)} from qa4j")
            failed = True
            continue
        if name == "start_top_index":
            probs = torch.cat(outputs["start_probs"]).unsqueeze(1)
            ok = check_ranked(name, want.unsqueeze(1), probs, args.tolerance)
        elif name == "end_top_index":
            probs = torch.cat(outputs["end_probs"])
            # Element j * start_n_top + i is the j-th best end for the i-th start.
            ranked = want.view(want.shape[0], -1, probs.shape[1]).transpose(1, 2)
            ok = check_ranked(name, ranked, probs, args.tolerance)
        else:
            diff = (got.float() - want.float()).abs().max().item()
            ok = diff <= args.tolerance
            print(
                f"{'ok  ' if ok else 'FAIL'} {name}: max abs diff {diff:.3e}"
                f" (tolerance {args.tolerance:g})"
            )
        failed |= not ok
    print("FAILED" if failed else f"PASSED: {len(features)} windows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
