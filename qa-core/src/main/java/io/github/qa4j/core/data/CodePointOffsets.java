package io.github.qa4j.core.data;

/**
 * Converts between Unicode code point offsets (Python string indexes, as SQuAD JSON and Hugging
 * Face scripts use them) and {@link String} indexes (UTF-16 code units) of one text.
 *
 * <p>Texts without supplementary characters (the common case) convert by identity without any
 * table; otherwise a table of the text's length is built once, so each conversion is O(1).
 */
public final class CodePointOffsets {

  private final int length;
  private final int codePoints;
  // utf16ToCp[i] = number of code points before UTF-16 index i; null when the text has no
  // surrogate pairs (identity).
  private final int[] utf16ToCp;
  private final int[] cpToUtf16;

  private CodePointOffsets(String text) {
    this.length = text.length();
    int count = text.codePointCount(0, length);
    this.codePoints = count;
    if (count == length) {
      utf16ToCp = null;
      cpToUtf16 = null;
      return;
    }
    utf16ToCp = new int[length + 1];
    cpToUtf16 = new int[count + 1];
    int cp = 0;
    for (int i = 0; i < length; i++) {
      utf16ToCp[i] = cp;
      boolean lowSurrogateOfPair =
          Character.isLowSurrogate(text.charAt(i))
              && i > 0
              && Character.isHighSurrogate(text.charAt(i - 1));
      if (!lowSurrogateOfPair) {
        cpToUtf16[cp] = i;
        cp++;
      }
    }
    utf16ToCp[length] = count;
    cpToUtf16[count] = length;
  }

  /** The offsets of {@code text}. */
  public static CodePointOffsets of(String text) {
    return new CodePointOffsets(text);
  }

  /** The number of code points in the text. */
  public int codePointLength() {
    return codePoints;
  }

  /** Whether code point offsets equal {@link String} indexes for this text. */
  public boolean isIdentity() {
    return utf16ToCp == null;
  }

  /**
   * The {@link String} index of code point offset {@code codePoint} (0 to {@link
   * #codePointLength()} inclusive).
   *
   * @throws IndexOutOfBoundsException when the offset is outside the text
   */
  public int toUtf16(int codePoint) {
    if (codePoint < 0 || codePoint > codePoints) {
      throw new IndexOutOfBoundsException(
          "code point offset " + codePoint + " outside text of " + codePoints + " code points");
    }
    return cpToUtf16 == null ? codePoint : cpToUtf16[codePoint];
  }

  /**
   * The code point offset of {@link String} index {@code index} (0 to the text length inclusive).
   * An index inside a surrogate pair maps to the pair's code point.
   *
   * @throws IndexOutOfBoundsException when the index is outside the text
   */
  public int toCodePoint(int index) {
    if (index < 0 || index > length) {
      throw new IndexOutOfBoundsException("index " + index + " outside text of length " + length);
    }
    return utf16ToCp == null ? index : utf16ToCp[index];
  }
}
