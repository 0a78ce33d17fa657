"""How often low-precision answers agree with the float32 answers to the same questions.

Usage: python3 agreement.py FP32_PREDICTIONS OTHER_PREDICTIONS
Prints the share of questions with the identical answer string, and EM / F1 of OTHER scored
against the float32 answers as if they were the gold answers (SQuAD v1.1's normalization: lower
case, no punctuation, no articles, single spaces).
"""

import collections
import json
import re
import string
import sys


def normalize(text):
    text = "".join(c for c in text.lower() if c not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def f1(prediction, reference):
    p, r = normalize(prediction).split(), normalize(reference).split()
    common = sum((collections.Counter(p) & collections.Counter(r)).values())
    if common == 0:
        return float(p == r)
    precision, recall = common / len(p), common / len(r)
    return 2 * precision * recall / (precision + recall)


def main(reference_file, other_file):
    with open(reference_file, encoding="utf-8") as f:
        reference = json.load(f)
    with open(other_file, encoding="utf-8") as f:
        other = json.load(f)
    if reference.keys() != other.keys():
        sys.exit(f"the files answer different questions: {len(reference)} vs {len(other)} ids")
    n = len(reference)
    same = sum(other[q] == reference[q] for q in reference)
    em = sum(normalize(other[q]) == normalize(reference[q]) for q in reference)
    f = sum(f1(other[q], reference[q]) for q in reference)
    print(f"{other_file} vs {reference_file}: {n} questions, identical {100 * same / n:.2f} %,"
          f" EM {100 * em / n:.2f}, F1 {100 * f / n:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
