package io.github.qa4j.core.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.github.qa4j.core.data.CodePointOffsets;
import java.util.Arrays;

/**
 * The tokens of one text without special tokens: ids and {@link String} (UTF-16) offsets into the
 * text.
 */
record TokenizedText(int[] ids, int[] start, int[] end) {

  static final TokenizedText EMPTY = new TokenizedText(new int[0], new int[0], new int[0]);

  int length() {
    return ids.length;
  }

  /** This text's first {@code n} tokens. */
  TokenizedText head(int n) {
    return new TokenizedText(Arrays.copyOf(ids, n), Arrays.copyOf(start, n), Arrays.copyOf(end, n));
  }

  /**
   * Converts an encoding of {@code text}. DJL's char spans are Unicode code point offsets (the Rust
   * library's char offsets, as Python's), so they are mapped to UTF-16 indexes here.
   *
   * @throws IllegalStateException when the tokenizer truncated the text
   */
  static TokenizedText of(String text, Encoding encoding) {
    if (encoding.exceedMaxLength()) {
      throw new IllegalStateException(
          "the tokenizer truncated a text of " + text.length() + " chars; it must not truncate");
    }
    long[] rawIds = encoding.getIds();
    CharSpan[] spans = encoding.getCharTokenSpans();
    int n = rawIds.length;
    int[] ids = new int[n];
    int[] start = new int[n];
    int[] end = new int[n];
    CodePointOffsets offsets = CodePointOffsets.of(text);
    for (int i = 0; i < n; i++) {
      ids[i] = Math.toIntExact(rawIds[i]);
      CharSpan span = spans[i];
      if (span == null) {
        throw new IllegalStateException(
            "token " + i + " of a text has no character span: the tokenizer adds special tokens");
      }
      start[i] = offsets.toUtf16(span.getStart());
      end[i] = offsets.toUtf16(span.getEnd());
    }
    return new TokenizedText(ids, start, end);
  }
}
