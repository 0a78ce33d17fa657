package io.github.qa4j.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Answer normalization of the official SQuAD scripts ({@code normalize_answer} in {@code
 * evaluate-v1.1.py} and {@code evaluate-v2.0.py}): lowercase, drop ASCII punctuation, replace the
 * articles "a", "an", "the" (as whole words) by a space, and collapse whitespace. The steps run in
 * that order, so "the-end" loses its hyphen first and stays one word, "theend".
 *
 * <p>The scripts run on Python 3, whose string semantics differ from Java's in ways that change
 * scores. This class follows Python; the differences found (each has a test) are:
 *
 * <ol>
 *   <li><b>Code points, not chars.</b> Python indexes strings by code point; a character outside
 *       the Basic Multilingual Plane is one character there and two {@code char}s in Java. Every
 *       test below works on code points.
 *   <li><b>Whitespace.</b> {@code str.split()} splits on {@code str.isspace()} code points, which
 *       include the no-break spaces U+00A0, U+2007, U+202F, NEL U+0085 and the separators
 *       U+001C..U+001F. Java's {@link Character#isWhitespace} leaves out U+00A0, U+2007, U+202F and
 *       U+0085, and {@code \s} in a Java regex only matches ASCII whitespace. SQuAD text contains
 *       U+00A0.
 *   <li><b>Word boundaries.</b> The article regex {@code \b(a|an|the)\b} uses Python's Unicode
 *       {@code \w}: letters and numbers ({@code str.isalnum()}) and underscore (which is gone by
 *       then, being ASCII punctuation). Combining marks are not word characters, so in "the\u0301"
 *       the article is removed; Java's {@code \b} treats a mark after a letter as part of the word
 *       and keeps it.
 *   <li><b>Lowercasing.</b> {@code str.lower()} applies the full mapping: U+0130 (I with dot above)
 *       becomes two code points, "i" + U+0307 (Java does this too, but only through {@link
 *       String#toLowerCase}, not per character); and capital sigma becomes final sigma by CPython's
 *       Final_Sigma rule (a cased letter before, skipping case-ignorable code points, and none
 *       after), which is not Java's word-boundary rule: "A'Σ" lowercases to "a'ς" in Python and
 *       "a'σ" in Java. Python ignores locales; so does this class ({@code toLowerCase()} without a
 *       locale would turn "I" into dotless "ı" under a Turkish default locale).
 *   <li><b>Punctuation.</b> {@code string.punctuation} is the 32 ASCII characters only; Java's
 *       {@code \p{Punct}} is the same set, but {@code \p{IsPunctuation}} or general categories P*
 *       are not. Curly quotes, dashes and other non-ASCII punctuation stay.
 *   <li><b>Unicode version.</b> Character properties come from the Java runtime: Unicode 13.0 on
 *       Java 17, against 14.0 for Python 3.11 and 15.0 for Python 3.12. Code points assigned in the
 *       later versions (for example the Vithkuqi letters U+10570..U+105BC) are not letters to Java
 *       17, so they are neither lowercased nor word characters here. No such code point occurs in
 *       the SQuAD v1.1 or v2.0 dev sets.
 * </ol>
 */
public final class AnswerNormalizer {

  private AnswerNormalizer() {}

  /** The normalized answer: its {@link #tokens} joined by single spaces. */
  public static String normalize(String answer) {
    return String.join(" ", tokens(answer));
  }

  /**
   * The tokens of the normalized answer, as {@code normalize_answer(s).split()} gives them: never
   * empty strings, never containing whitespace.
   */
  public static List<String> tokens(String answer) {
    return isAscii(answer) ? asciiTokens(answer) : unicodeTokens(answer);
  }

  /**
   * The same as {@link #unicodeTokens} for ASCII text, in one pass: most answers are ASCII, and an
   * evaluation run is short enough that the JVM interprets much of it, so fewer passes and
   * allocations matter. In ASCII, lowercasing is A-Z, word characters are a-z and 0-9 (underscore
   * is punctuation), and whitespace is 0x09-0x0D, 0x1C-0x1F and space.
   */
  static List<String> asciiTokens(String answer) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder(answer.length());
    int runStart = -1; // where the current run of word characters starts in token, or -1
    int n = answer.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? answer.charAt(i) : ' '; // a final space closes the last run and token
      if (PythonText.isAsciiPunctuation(c)) {
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (runStart < 0) {
          runStart = token.length();
        }
        token.append(c);
        continue;
      }
      if (runStart >= 0) {
        if (isArticle(token, runStart, token.length())) {
          token.setLength(runStart);
          flush(token, tokens); // the article becomes a space
        }
        runStart = -1;
      }
      if (PythonText.isWhitespace(c)) {
        flush(token, tokens);
      } else {
        token.append(c);
      }
    }
    return tokens;
  }

  /** Python's algorithm step by step, by code point, for any text. */
  static List<String> unicodeTokens(String answer) {
    String text = removePunctuation(PythonText.lower(answer));
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    int n = text.length();
    boolean previousIsWord = false;
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      boolean word = PythonText.isWordChar(cp);
      if (word && !previousIsWord) {
        // At a \b: the whole run of word characters is one regex candidate.
        int end = endOfWordRun(text, i);
        if (isArticle(text, i, end)) {
          flush(token, tokens); // the article becomes a space
        } else {
          token.append(text, i, end);
        }
        i = end;
        previousIsWord = true;
        continue;
      }
      if (PythonText.isWhitespace(cp)) {
        flush(token, tokens);
      } else {
        token.appendCodePoint(cp);
      }
      previousIsWord = word;
      i += Character.charCount(cp);
    }
    flush(token, tokens);
    return tokens;
  }

  private static String removePunctuation(String s) {
    int n = s.length();
    int first = 0;
    while (first < n && !PythonText.isAsciiPunctuation(s.charAt(first))) {
      first++;
    }
    if (first == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n).append(s, 0, first);
    for (int i = first + 1; i < n; i++) {
      char c = s.charAt(i);
      if (!PythonText.isAsciiPunctuation(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int endOfWordRun(String text, int start) {
    int i = start;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!PythonText.isWordChar(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return i;
  }

  private static boolean isArticle(CharSequence text, int start, int end) {
    return switch (end - start) {
      case 1 -> text.charAt(start) == 'a';
      case 2 -> text.charAt(start) == 'a' && text.charAt(start + 1) == 'n';
      case 3 ->
          text.charAt(start) == 't'
              && text.charAt(start + 1) == 'h'
              && text.charAt(start + 2) == 'e';
      default -> false;
    };
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static void flush(StringBuilder token, List<String> tokens) {
    if (token.length() > 0) {
      tokens.add(token.toString());
      token.setLength(0);
    }
  }
}
