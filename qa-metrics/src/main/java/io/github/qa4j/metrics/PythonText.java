package io.github.qa4j.metrics;

/**
 * The few pieces of Python 3 {@code str} and {@code re} behaviour that the official SQuAD scripts
 * rely on, written for Java strings (UTF-16) by code point, since Python indexes strings by code
 * point. See {@link AnswerNormalizer} for the list of differences from the Java library.
 */
final class PythonText {

  private static final int CAPITAL_SIGMA = 0x03A3;
  private static final int SMALL_SIGMA = 0x03C3;
  private static final int FINAL_SIGMA = 0x03C2;
  private static final int CAPITAL_I_WITH_DOT = 0x0130;

  private PythonText() {}

  /**
   * Python's {@code str.lower()}: the full Unicode lowercase mapping without locale rules. That is
   * the simple mapping of every code point, except U+0130, which becomes "i" + U+0307 (the one
   * unconditional multi-character lowercase mapping of SpecialCasing.txt), and U+03A3, which
   * becomes the final sigma in the Final_Sigma context as CPython defines it.
   */
  static String lower(String s) {
    StringBuilder out = null;
    int n = s.length();
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      int lower = Character.toLowerCase(cp);
      boolean special = cp == CAPITAL_I_WITH_DOT || cp == CAPITAL_SIGMA;
      if (out == null && (lower != cp || special)) {
        out = new StringBuilder(n + 1).append(s, 0, i);
      }
      if (out != null) {
        if (cp == CAPITAL_I_WITH_DOT) {
          out.append('i').append('\u0307');
        } else if (cp == CAPITAL_SIGMA) {
          out.appendCodePoint(isFinalSigma(s, i, width) ? FINAL_SIGMA : SMALL_SIGMA);
        } else {
          out.appendCodePoint(lower);
        }
      }
      i += width;
    }
    return out == null ? s : out.toString();
  }

  /**
   * CPython's Final_Sigma test: a cased letter before the sigma (skipping case-ignorable code
   * points) and no cased letter after it (likewise). Java's own {@code toLowerCase} uses word
   * boundaries instead, which disagrees for example on "Σ" after "A'" or before a digit run.
   */
  private static boolean isFinalSigma(String s, int index, int width) {
    int j = index;
    int before = -1;
    while (j > 0) {
      int cp = s.codePointBefore(j);
      j -= Character.charCount(cp);
      if (!isCaseIgnorable(cp)) {
        before = cp;
        break;
      }
    }
    if (before < 0 || !isCased(before)) {
      return false;
    }
    for (int k = index + width; k < s.length(); ) {
      int cp = s.codePointAt(k);
      if (!isCaseIgnorable(cp)) {
        return !isCased(cp);
      }
      k += Character.charCount(cp);
    }
    return true;
  }

  /** Unicode's derived property Cased: Lowercase, Uppercase or titlecase letter. */
  static boolean isCased(int cp) {
    return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
  }

  /**
   * Unicode's derived property Case_Ignorable: general category Mn, Me, Cf, Lm or Sk, or Word_Break
   * MidLetter, MidNumLet or Single_Quote.
   */
  static boolean isCaseIgnorable(int cp) {
    switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.FORMAT:
      case Character.MODIFIER_LETTER:
      case Character.MODIFIER_SYMBOL:
        return true;
      default:
        break;
    }
    switch (cp) {
      case 0x0027: // Single_Quote
      case 0x002E: // MidNumLet
      case 0x003A: // MidLetter
      case 0x00B7:
      case 0x0387:
      case 0x055F:
      case 0x05F4:
      case 0x2018:
      case 0x2019:
      case 0x2024:
      case 0x2027:
      case 0xFE13:
      case 0xFE52:
      case 0xFE55:
      case 0xFF07:
      case 0xFF0E:
      case 0xFF1A:
        return true;
      default:
        return false;
    }
  }

  /**
   * Python's {@code str.isspace()} for one code point, which is what {@code str.split()} splits on:
   * the code points with bidirectional class WS, B or S or general category Zs. Unlike Java's
   * {@link Character#isWhitespace}, this includes the no-break spaces U+00A0, U+2007, U+202F and
   * NEL U+0085.
   */
  static boolean isWhitespace(int cp) {
    if (cp <= 0x20) {
      return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
    }
    return cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /**
   * A word character of Python's {@code re} module for {@code str} patterns ({@code \w}, and so
   * what {@code \b} separates): {@code str.isalnum()} or underscore. That is a letter (L*) or a
   * number (Nd, Nl, No). Combining marks (Mn, Mc) are not word characters, unlike in Java's {@code
   * \b}, which treats a mark after a letter as part of the word.
   */
  static boolean isWordChar(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= '0' && cp <= '9')
          || cp == '_';
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return true;
      default:
        return false;
    }
  }

  /** A character of Python's {@code string.punctuation}: the 32 ASCII punctuation characters. */
  static boolean isAsciiPunctuation(char c) {
    return (c >= '!' && c <= '/')
        || (c >= ':' && c <= '@')
        || (c >= '[' && c <= '`')
        || (c >= '{' && c <= '~');
  }
}
