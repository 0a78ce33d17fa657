#!/usr/bin/env bash
# For each model family named on the command line, has qa4j train and save a tiny model (qa run-qa,
# two steps from random weights), cut windows of SQuAD dev questions (qa features) and compute its
# outputs (qa logits), then checks with scripts/check_transformers_load.py that transformers loads
# the saved folder and computes the same outputs. Needs examples/target/qa.jar (mvn package) and
# ../shared; PYTHON names an interpreter with transformers (default python3).
#
#   scripts/check_transformers_load.sh bert roberta distilbert albert electra deberta-v2 xlnet
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
shared="${QA_SHARED:-../shared}"
res=examples/src/test/resources
windows=qa-models/src/test/resources/fixtures/windows
work="$(mktemp -d)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
# qa's output goes to a log, shown only when a command fails.
qa() { java -jar examples/target/qa.jar "$@" >"$work/qa.log" 2>&1 || { cat "$work/qa.log" >&2; return 1; }; }

for family in "$@"; do
  command=run-qa
  case "$family" in
    bert) config=$res/bert-tiny-memorize-config.json tokenizer=$shared/data/tokenizers/bert-base-uncased ;;
    roberta) config=$res/roberta-tiny-memorize-config.json tokenizer=$windows/roberta-bpe ;;
    distilbert) config=$res/distilbert-tiny-memorize-config.json tokenizer=$shared/data/tokenizers/bert-base-uncased ;;
    electra) config=$res/electra-tiny-memorize-config.json tokenizer=$shared/data/tokenizers/bert-base-uncased ;;
    albert) config=$res/albert-tiny-memorize-config.json tokenizer=$windows/sentencepiece-unigram ;;
    deberta-v2) config=$res/deberta-v2-tiny-memorize-config.json tokenizer=$windows/sentencepiece-unigram ;;
    xlnet) config=$res/xlnet-tiny-config.json tokenizer=$shared/data/tokenizers/xlnet-base-cased command=run-qa-beam-search ;;
    *) echo "unknown family '$family' (bert roberta distilbert electra albert deberta-v2 xlnet)" >&2; exit 2 ;;
  esac
  out="$work/$family"
  qa "$command" --config_name "$config" --tokenizer_name "$tokenizer/tokenizer.json" \
    --train_file "$shared/data/squad/dev-v2.0.json" --version_2_with_negative --do_train \
    --max_train_samples 16 --max_steps 2 --per_device_train_batch_size 8 --learning_rate 1e-3 \
    --max_seq_length 96 --doc_stride 32 --output_dir "$out/model"
  # A slice of dev v2.0: the first article's first paragraph, answerable and unanswerable questions.
  "$python" -c 'import json, sys
d = json.load(open(sys.argv[1])); a = d["data"][0]; a["paragraphs"] = a["paragraphs"][:2]; d["data"] = [a]
json.dump(d, open(sys.argv[2], "w"))' "$shared/data/squad/dev-v2.0.json" "$out/slice.json"
  qa features --data "$out/slice.json" --tokenizer "$out/model/tokenizer.json" \
    --max-seq-length 96 --doc-stride 32 --out "$out/features.jsonl.gz"
  qa logits --model "$out/model" --features "$out/features.jsonl.gz" --out "$out/logits.safetensors"
  echo "== $family"
  "$python" scripts/check_transformers_load.py "$out/model" "$out/features.jsonl.gz" \
    "$out/logits.safetensors"
done
