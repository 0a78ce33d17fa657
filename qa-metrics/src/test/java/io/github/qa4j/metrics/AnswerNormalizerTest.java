package io.github.qa4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** One test per Python/Java difference listed in {@link AnswerNormalizer}, plus the basics. */
class AnswerNormalizerTest {

  private static String norm(String s) {
    return AnswerNormalizer.normalize(s);
  }

  @Test
  void lowercasesDropsPunctuationArticlesAndExtraWhitespace() {
    assertThat(norm("  The Eiffel   Tower, in Paris!  ")).isEqualTo("eiffel tower in paris");
    assertThat(norm("An apple a day")).isEqualTo("apple day");
    assertThat(norm("THE")).isEmpty();
    assertThat(norm("")).isEmpty();
    assertThat(AnswerNormalizer.tokens("a an the")).isEmpty();
  }

  @Test
  void punctuationGoesBeforeArticlesSoJoinedWordsStayWords() {
    // remove_punc runs before remove_articles: the hyphen vanishes and "theend" is one word.
    assertThat(norm("the-end")).isEqualTo("theend");
    assertThat(norm("a.n")).isEmpty(); // becomes "an", then an article
    assertThat(norm("l'an 2000")).isEqualTo("lan 2000");
    assertThat(norm("(the) best")).isEqualTo("best");
  }

  @Test
  void articlesAreWholeWordsWithDigitsAsWordCharacters() {
    assertThat(norm("theory another atheist")).isEqualTo("theory another atheist");
    // "_" is a word character of \w but also ASCII punctuation, so it is gone before the regex.
    assertThat(norm("the_ _a the2 2the")).isEqualTo("the2 2the");
    assertThat(norm("the² a¹")).isEqualTo("the² a¹"); // No (other number) is a word character
  }

  @Test
  void splitsOnPythonWhitespaceIncludingNoBreakSpaces() {
    // Java's Character.isWhitespace is false for all four of these; Python's str.split() splits.
    assertThat(AnswerNormalizer.tokens("10\u00a0km")).containsExactly("10", "km");
    assertThat(AnswerNormalizer.tokens("10\u2007000")).containsExactly("10", "000");
    assertThat(AnswerNormalizer.tokens("x\u202fy")).containsExactly("x", "y");
    assertThat(AnswerNormalizer.tokens("x\u0085y")).containsExactly("x", "y");
    for (char c : new char[] {'\u00a0', '\u2007', '\u202f', '\u0085'}) {
      assertThat(Character.isWhitespace(c)).as("Java isWhitespace U+%04X", (int) c).isFalse();
      assertThat(String.valueOf(c).matches("\\s")).as("Java \\s U+%04X", (int) c).isFalse();
    }
    assertThat(AnswerNormalizer.tokens("x\u001cy\u3000z\u2028w"))
        .containsExactly("x", "y", "z", "w");
    // Not whitespace in Python either: zero-width space and the BOM stay inside the token.
    assertThat(AnswerNormalizer.tokens("x\u200by\ufeffz")).containsExactly("x\u200by\ufeffz");
  }

  @Test
  void combiningMarksAreNotWordCharactersAsInPythonRe() {
    // Python: "\b(a|an|the)\b" matches "the" in "the\u0301" (a mark is not \w), leaving the mark.
    // Java's regex \b treats the mark as part of the word and would keep "the\u0301".
    assertThat(AnswerNormalizer.tokens("the\u0301 end")).containsExactly("\u0301", "end");
    assertThat(AnswerNormalizer.tokens("\u0301a b")).containsExactly("\u0301", "b");
    // A soft hyphen (Cf) is not a word character either.
    assertThat(AnswerNormalizer.tokens("the\u00adory")).containsExactly("\u00adory");
  }

  @Test
  void worksOnCodePointsNotChars() {
    // Deseret capital long I (U+10400) lowercases to U+10428, outside the BMP.
    assertThat(norm("\ud801\udc00")).isEqualTo("\ud801\udc28");
    // A supplementary letter after "the" makes one word with it: no article to remove.
    assertThat(norm("the\ud801\udc28")).isEqualTo("the\ud801\udc28");
    // Mathematical bold digit one (U+1D7CF) is a decimal digit, so a word character.
    assertThat(norm("a\ud835\udfcf")).isEqualTo("a\ud835\udfcf");
  }

  @Test
  void lowercasingIsPythonsFullMapping() {
    // U+0130 lowercases to two code points in Python ("i" + combining dot above).
    assertThat(norm("\u0130stanbul")).isEqualTo("i\u0307stanbul");
    assertThat(Character.toLowerCase('\u0130')).isEqualTo('i'); // the per-char mapping differs
    // Final sigma by CPython's rule; Java's String.toLowerCase gives σ in both of these.
    assertThat(norm("A:Σ")).isEqualTo("aς");
    assertThat("A:Σ".toLowerCase(Locale.ROOT)).isEqualTo("a:σ");
    assertThat(PythonText.lower("AΣ-B")).isEqualTo("aς-b");
    assertThat("AΣ-B".toLowerCase(Locale.ROOT)).isEqualTo("aσ-b");
    // Where both agree.
    assertThat(norm("ΟΔΟΣ")).isEqualTo("οδος");
    assertThat(norm("ΣΑ")).isEqualTo("σα");
    assertThat(norm("A Σ")).isEqualTo("σ");
  }

  @Test
  void lowercasingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr"));
      assertThat("I".toLowerCase()).isEqualTo("\u0131"); // dotless i: what we must not do
      assertThat(norm("IRAN")).isEqualTo("iran");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void onlyAsciiPunctuationIsRemoved() {
    assertThat(norm("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")).isEqualTo("");
    assertThat(norm("“quoted” — dash ‘x’ ¿qué? «a»")).isEqualTo("“quoted” — dash ‘x’ ¿qué « »");
  }

  @Test
  void unicodeVersionIsTheRuntimes() {
    // Vithkuqi capital A (U+10570) is a letter from Unicode 14 (Python 3.11) but unassigned in
    // Unicode 13 (Java 17). We lowercase it exactly when the runtime knows it.
    String vithkuqi = new String(Character.toChars(0x10570));
    String expected =
        Character.isLetter(0x10570) ? new String(Character.toChars(0x10597)) : vithkuqi;
    assertThat(norm(vithkuqi)).isEqualTo(expected);
  }

  @Test
  void tokensNeverContainWhitespaceOrEmptyStrings() {
    List<String> tokens = AnswerNormalizer.tokens(" \t the \u00a0 x \n y\u3000");
    assertThat(tokens).containsExactly("x", "y");
  }
}
