package io.github.qa4j.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the windows on random texts, answers, window lengths and strides. */
class FeaturizerPropertiesTest {

  private static final String[] WORDS = {
    "the",
    "quick",
    "Zürich",
    "😀",
    "𝄞",
    "naïve",
    "1984",
    ",",
    ".",
    "Denver",
    "Broncos",
    "supercalifragilisticexpialidocious",
    "中文",
    "tokenization",
    "—",
    "e.g.",
    "don't",
    "a"
  };

  @Provide
  Arbitrary<String> contexts() {
    Arbitrary<String> separators = Arbitraries.of(" ", " ", " ", "  ", "\n");
    Arbitrary<String> words = Arbitraries.of(WORDS);
    return Arbitraries.integers()
        .between(0, 220)
        .flatMap(
            n ->
                Arbitraries.just(n)
                    .flatMap(
                        k ->
                            words
                                .list()
                                .ofSize(k)
                                .flatMap(
                                    ws ->
                                        separators
                                            .list()
                                            .ofSize(k)
                                            .map(ss -> interleave(ws, ss)))));
  }

  @Provide
  Arbitrary<String> questions() {
    return Arbitraries.of(WORDS)
        .list()
        .ofMinSize(0)
        .ofMaxSize(90)
        .map(ws -> "  " + String.join(" ", ws) + "?");
  }

  private static String interleave(List<String> words, List<String> separators) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      sb.append(words.get(i)).append(separators.get(i));
    }
    return sb.toString();
  }

  /** A span of the context on code point boundaries, or an impossible question. */
  private static QaExample example(String context, String question, int a, int b) {
    if (context.isEmpty() || a % 7 == 0) {
      return new QaExample("q", "", context, question, List.of(), true);
    }
    int s = Math.floorMod(a, context.length());
    int e = Math.min(context.length(), s + 1 + Math.floorMod(b, 40));
    s = boundary(context, s);
    e = Math.max(s, boundary(context, e));
    return new QaExample(
        "q", "", context, question, List.of(new Answer(context.substring(s, e), s)), false);
  }

  private static int boundary(String text, int i) {
    return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i - 1 : i;
  }

  @Provide
  Arbitrary<WindowLayout> layouts() {
    return Arbitraries.of(WindowLayout.questionFirst(0), WindowLayout.contextFirst(5, 3));
  }

  @Property(tries = 300)
  void windowsCoverEveryContextTokenAndOverlapByStride(
      @ForAll("contexts") String context,
      @ForAll("questions") String question,
      @ForAll @IntRange(min = 16, max = 96) int maxSeqLength,
      @ForAll @IntRange(min = 0, max = 200) int strideSeed,
      @ForAll("layouts") WindowLayout layout,
      @ForAll int a,
      @ForAll int b) {
    int stride = strideSeed % (maxSeqLength - 3);
    QaExample example = example(context, question, a, b);
    try (Featurizer featurizer =
        Featurizer.builder(Tokenizers.of(layout), layout)
            .windows(new WindowOptions(maxSeqLength, stride))
            .build()) {
      List<QaFeature> features = featurizer.featurize(example);
      TokenizedText all =
          TokenizedText.of(context, Tokenizers.of(layout).encode(context, false, false));

      assertThat(features).isNotEmpty();
      int expectedStart = 0;
      int end = 0;
      for (QaFeature f : features) {
        List<Integer> positions = contextPositions(f);
        // Each window is the next slice of the context, starting `stride` tokens before the
        // previous one ended.
        for (int k = 0; k < positions.size(); k++) {
          int t = positions.get(k);
          int token = expectedStart + k;
          assertThat(token).isLessThan(all.length());
          assertThat(f.inputIds()[t]).isEqualTo(all.ids()[token]);
          assertThat(f.offsetStart()[t]).isEqualTo(all.start()[token]);
          assertThat(f.offsetEnd()[t]).isEqualTo(all.end()[token]);
        }
        end = expectedStart + positions.size();
        expectedStart = end - stride;
        checkStructure(f, context, maxSeqLength);
        checkLabel(f, example);
      }
      assertThat(end).as("the last window ends with the context").isEqualTo(all.length());
      if (features.size() > 1) {
        assertThat(contextPositions(features.get(0)).size()).isGreaterThan(stride);
      }
      boolean answerFitsSomeWindow = false;
      for (QaFeature f : features) {
        answerFitsSomeWindow |= contains(f, example);
      }
      assertThat(features.stream().anyMatch(f -> !f.impossible()))
          .as("an answer wholly inside a window is labeled there")
          .isEqualTo(answerFitsSomeWindow);
    }
  }

  private static List<Integer> contextPositions(QaFeature f) {
    List<Integer> positions = new ArrayList<>();
    for (int t = 0; t < f.length(); t++) {
      if (f.isContext(t)) {
        positions.add(t);
      }
    }
    return positions;
  }

  private static void checkStructure(QaFeature f, String context, int maxSeqLength) {
    assertThat(f.length()).isEqualTo(maxSeqLength);
    int previousStart = 0;
    int previousEnd = 0;
    for (int t = 0; t < f.length(); t++) {
      boolean isContext = f.isContext(t);
      assertThat(f.pMask()[t]).isEqualTo(isContext || t == f.clsIndex() ? 0 : 1);
      if (isContext) {
        assertThat(f.attentionMask()[t]).isEqualTo(1);
        int s = f.offsetStart()[t];
        int e = f.offsetEnd()[t];
        assertThat(s).isBetween(previousStart, e);
        assertThat(e).isBetween(Math.max(previousEnd, 1), context.length());
        previousStart = s;
        previousEnd = e;
      } else {
        assertThat(f.offsetEnd()[t]).isEqualTo(-1);
      }
    }
    assertThat(f.attentionMask()[f.clsIndex()]).isEqualTo(1);
  }

  /** Whether the window's context tokens span the whole answer. */
  private static boolean contains(QaFeature f, QaExample example) {
    if (example.impossible()) {
      return false;
    }
    List<Integer> positions = contextPositions(f);
    if (positions.isEmpty()) {
      return false;
    }
    Answer answer = example.answers().get(0);
    return f.offsetStart()[positions.get(0)] <= answer.start()
        && f.offsetEnd()[positions.get(positions.size() - 1)] >= answer.end();
  }

  private static void checkLabel(QaFeature f, QaExample example) {
    if (f.impossible()) {
      assertThat(f.startPosition()).isEqualTo(f.clsIndex());
      assertThat(f.endPosition()).isEqualTo(f.clsIndex());
      return;
    }
    Answer answer = example.answers().get(0);
    assertThat(f.isContext(f.startPosition())).isTrue();
    assertThat(f.isContext(f.endPosition())).isTrue();
    assertThat(f.startPosition()).isLessThanOrEqualTo(f.endPosition());
    assertThat(f.offsetStart()[f.startPosition()]).isLessThanOrEqualTo(answer.start());
    assertThat(f.offsetEnd()[f.endPosition()]).isGreaterThanOrEqualTo(answer.end());
  }
}
