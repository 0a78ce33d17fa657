"""Cuts SQuAD dev v1.1 into a training and a held-out evaluation file by whole articles.

There is no SQuAD train set on these machines: the experiment trains on the first articles of the
dev set and evaluates on the last ones, so no evaluation context is ever seen in training.

Usage: python3 split_articles.py DEV_V11_JSON OUT_DIR [FIRST-LAST]
Writes OUT_DIR/train.json (articles FIRST-LAST, counted from 0; 1-4 when not given) and
OUT_DIR/heldout.json (articles 42-47) and prints their titles and question counts.
"""

import json
import sys

HELDOUT = range(42, 48)


def articles_between(bounds):
    first, last = (int(n) for n in bounds.split("-"))
    if not 0 <= first <= last < HELDOUT.start:
        sys.exit(f"training articles {bounds}: must lie within 0-{HELDOUT.start - 1}")
    return range(first, last + 1)


def main(dev, out, train):
    with open(dev, encoding="utf-8") as f:
        squad = json.load(f)
    articles = squad["data"]
    for name, chosen in (("train", train), ("heldout", HELDOUT)):
        part = [articles[i] for i in chosen]
        questions = sum(len(p["qas"]) for a in part for p in a["paragraphs"])
        print(name, questions, "questions:", ", ".join(a["title"] for a in part))
        with open(f"{out}/{name}.json", "w", encoding="utf-8") as f:
            json.dump({"version": squad["version"], "data": part}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], articles_between(sys.argv[3] if len(sys.argv) > 3 else "1-4"))
