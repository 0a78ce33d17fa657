package io.github.qa4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CodePointOffsetsTest {

  @Provide
  Arbitrary<String> mixedTexts() {
    Arbitrary<String> pieces =
        Arbitraries.of("a", "é", " ", "😀", "𝄞", "中", "\uD800", "z", "\uDC00");
    return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property
  void agreesWithStringCodePointMethods(@ForAll("mixedTexts") String text) {
    CodePointOffsets offsets = CodePointOffsets.of(text);
    assertThat(offsets.codePointLength()).isEqualTo(text.codePointCount(0, text.length()));
    for (int cp = 0; cp <= offsets.codePointLength(); cp++) {
      int index = text.offsetByCodePoints(0, cp);
      assertThat(offsets.toUtf16(cp)).isEqualTo(index);
      assertThat(offsets.toCodePoint(index)).isEqualTo(cp);
    }
    for (int i = 0; i <= text.length(); i++) {
      assertThat(offsets.toCodePoint(i)).isEqualTo(text.codePointCount(0, i));
    }
  }

  @Test
  void identityForBasicPlaneTextAndBoundsChecked() {
    CodePointOffsets plain = CodePointOffsets.of("héllo");
    assertThat(plain.isIdentity()).isTrue();
    assertThat(plain.toUtf16(5)).isEqualTo(5);
    CodePointOffsets emoji = CodePointOffsets.of("a😀b");
    assertThat(emoji.isIdentity()).isFalse();
    assertThat(emoji.toUtf16(2)).isEqualTo(3);
    assertThatThrownBy(() -> emoji.toUtf16(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> emoji.toCodePoint(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
