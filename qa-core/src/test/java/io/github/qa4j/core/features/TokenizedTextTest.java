package io.github.qa4j.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What unit DJL's char spans use, and that qa4j turns them into String indexes. */
class TokenizedTextTest {

  private static final String TEXT = "😀 abc 𝄞 déf Zürich";

  @Test
  void djlCharSpansAreCodePointOffsets() {
    Encoding e = Tokenizers.BERT.encode(TEXT, false, false);
    CharSpan abc = e.getCharTokenSpans()[1];
    assertThat(e.getTokens()[1]).isEqualTo("abc");
    // Code points: "abc" starts at 2. UTF-16 would say 3, UTF-8 bytes 5.
    assertThat(abc.getStart()).isEqualTo(2);
    assertThat(abc.getEnd()).isEqualTo(5);
    CharSpan def = e.getCharTokenSpans()[3];
    assertThat(e.getTokens()[3]).isEqualTo("def");
    assertThat(def.getStart()).isEqualTo(TEXT.codePointCount(0, TEXT.indexOf("déf")));
  }

  @Test
  void offsetsBecomeStringIndexes() {
    assertThat(pieces(WindowLayout.questionFirst(0)))
        .containsExactly("😀", "abc", "𝄞", "déf", "Zürich");
    // XLNet's "▁" pieces carry the span of the character they precede.
    assertThat(pieces(WindowLayout.contextFirst(5, 3)))
        .containsExactly("😀", "😀", "a", "bc", "𝄞", "𝄞", "déf", "Zürich");
  }

  private static List<String> pieces(WindowLayout layout) {
    TokenizedText t = TokenizedText.of(TEXT, Tokenizers.of(layout).encode(TEXT, false, false));
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < t.length(); i++) {
      pieces.add(TEXT.substring(t.start()[i], t.end()[i]));
    }
    return pieces;
  }
}
