"""Makes tokenizer.json: a tiny RoBERTa-style tokenizer (byte-level BPE, <s> A </s></s> B </s>).

Trained with Hugging Face `tokenizers` on the contexts and questions of the first 4 articles of
the SQuAD v1.1 dev set, to a 600-entry vocabulary, so that tests can train RoBERTa-family models
with random weights and small embeddings and check that transformers loads the output folder with
the right tokenizer class and special tokens. Run from this folder:

    python make_tokenizer.py ../../../../../../shared/data/squad/dev-v1.1.json
"""

import json
import sys

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

SPECIAL = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def texts(path):
    data = json.load(open(path, encoding="utf-8"))["data"][:4]
    for article in data:
        for paragraph in article["paragraphs"]:
            yield paragraph["context"]
            for qa in paragraph["qas"]:
                yield qa["question"]


def main():
    tokenizer = Tokenizer(models.BPE(unk_token=None))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600, special_tokens=SPECIAL, initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(texts(sys.argv[1]), trainer)
    tokenizer.post_processor = processors.RobertaProcessing(
        ("</s>", tokenizer.token_to_id("</s>")), ("<s>", tokenizer.token_to_id("<s>")),
        trim_offsets=True, add_prefix_space=False)
    tokenizer.save("tokenizer.json")


if __name__ == "__main__":
    main()
