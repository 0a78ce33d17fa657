package io.github.qa4j.core.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Arrays;

/**
 * Where a tokenizer puts its special tokens around a pair of sequences, read from the tokenizer's
 * own post-processor by encoding a probe pair: {@code prefix first middle second suffix}, with the
 * token type id of each special token and of each sequence's tokens.
 */
record PairTemplate(
    int[] prefixIds,
    int[] prefixTypes,
    int[] middleIds,
    int[] middleTypes,
    int[] suffixIds,
    int[] suffixTypes,
    int firstType,
    int secondType) {

  /** The number of special tokens the template adds. */
  int specialCount() {
    return prefixIds.length + middleIds.length + suffixIds.length;
  }

  static PairTemplate probe(HuggingFaceTokenizer tokenizer) {
    Encoding e = tokenizer.encode("a", "b", true, false);
    long[] ids = e.getIds();
    long[] types = e.getTypeIds();
    long[] seq = e.getSequenceIds();
    int n = ids.length;
    int firstStart = indexOf(seq, 0, true);
    int firstEnd = indexOf(seq, 0, false) + 1;
    int secondStart = indexOf(seq, 1, true);
    int secondEnd = indexOf(seq, 1, false) + 1;
    if (firstStart < 0 || secondStart < firstEnd) {
      throw new IllegalArgumentException(
          "cannot read the pair template of the tokenizer: sequence ids " + Arrays.toString(seq));
    }
    return new PairTemplate(
        ints(ids, 0, firstStart),
        ints(types, 0, firstStart),
        ints(ids, firstEnd, secondStart),
        ints(types, firstEnd, secondStart),
        ints(ids, secondEnd, n),
        ints(types, secondEnd, n),
        (int) types[firstStart],
        (int) types[secondStart]);
  }

  private static int indexOf(long[] seq, int value, boolean first) {
    int found = -1;
    for (int i = 0; i < seq.length; i++) {
      if (seq[i] == value) {
        found = i;
        if (first) {
          return i;
        }
      }
    }
    return found;
  }

  private static int[] ints(long[] values, int from, int to) {
    int[] out = new int[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = Math.toIntExact(values[i]);
    }
    return out;
  }
}
