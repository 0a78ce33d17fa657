package io.github.qa4j.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturizerTest {

  private static Featurizer bert(int maxSeqLength, int stride) {
    return Featurizer.builder(Tokenizers.BERT, WindowLayout.questionFirst(0))
        .windows(new WindowOptions(maxSeqLength, stride))
        .build();
  }

  private static String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("word").append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void bertLayoutPutsTheStrippedQuestionFirstAndPadsRight() {
    try (Featurizer f = bert(16, 2)) {
      QaFeature w =
          f.featurize(QaExample.unlabeled("x", " \u00a0 which team?", "Denver won.")).get(0);
      // [CLS] which team ? [SEP] denver won . [SEP] [PAD]...
      assertThat(w.inputIds())
          .containsExactly(101, 2029, 2136, 1029, 102, 7573, 2180, 1012, 102, 0, 0, 0, 0, 0, 0, 0);
      assertThat(w.tokenTypeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
      assertThat(w.attentionMask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
      assertThat(w.pMask()).containsExactly(0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
      assertThat(Arrays.copyOfRange(w.offsetStart(), 4, 9)).containsExactly(-1, 0, 7, 10, -1);
      assertThat(w.clsIndex()).isZero();
      assertThat(w.impossible()).isTrue();
    }
  }

  @Test
  void xlnetLayoutPutsContextFirstPadsLeftAndClsLast() {
    try (Featurizer f =
        Featurizer.builder(Tokenizers.XLNET, WindowLayout.contextFirst(5, 3))
            .windows(new WindowOptions(12, 2))
            .build()) {
      QaFeature w =
          f.featurize(
                  new QaExample(
                      "x", "", "Denver won.", "who?", List.of(new Answer("Denver", 0)), false))
              .get(0);
      int n = w.length();
      assertThat(w.clsIndex()).isEqualTo(n - 1);
      assertThat(w.inputIds()[n - 1]).isEqualTo(3);
      assertThat(w.tokenTypeIds()[0]).isEqualTo(3);
      assertThat(w.inputIds()[0]).isEqualTo(5);
      assertThat(w.attentionMask()[0]).isZero();
      assertThat(w.tokenTypeIds()[n - 1]).isEqualTo(2);
      int firstContext = 0;
      while (!w.isContext(firstContext)) {
        firstContext++;
      }
      assertThat(w.tokenTypeIds()[firstContext]).isZero();
      assertThat(w.startPosition()).isEqualTo(firstContext);
      assertThat(w.impossible()).isFalse();
    }
  }

  @Test
  void answerInTheLastContextTokenOfAWindowIsLabeledOnThatToken() {
    // 4 context tokens per window (10 - 3 specials - 3 question tokens), stride 1.
    try (Featurizer f = bert(10, 1)) {
      String context = "one two three four five six seven";
      QaExample ex =
          new QaExample(
              "x",
              "",
              context,
              "a b c",
              List.of(new Answer("four", context.indexOf("four"))),
              false);
      List<QaFeature> windows = f.featurize(ex);
      QaFeature first = windows.get(0);
      int last = 3 + 1 + 3; // [CLS] a b c [SEP] one two three four -> "four" at index 8
      assertThat(first.offsetStart()[last + 1]).isEqualTo(context.indexOf("four"));
      assertThat(first.startPosition()).isEqualTo(last + 1);
      assertThat(first.endPosition()).isEqualTo(last + 1);
    }
  }

  @Test
  void answerEqualToAStandaloneSentencePieceSpanIsNotInverted() {
    try (Featurizer f =
        Featurizer.builder(Tokenizers.XLNET, WindowLayout.contextFirst(5, 3))
            .windows(new WindowOptions(24, 2))
            .build()) {
      // XLNet splits " 𝄞" into "▁" and "𝄞", both with the span of "𝄞".
      String context = "a 𝄞 b";
      QaFeature w =
          f.featurize(new QaExample("x", "", context, "q", List.of(new Answer("𝄞", 2)), false))
              .get(0);
      assertThat(w.offsetStart()[w.startPosition() - 1]).isEqualTo(2);
      assertThat(w.offsetStart()[w.startPosition()]).isEqualTo(2);
      assertThat(w.endPosition()).isEqualTo(w.startPosition());
      assertThat(
              context.substring(w.offsetStart()[w.startPosition()], w.offsetEnd()[w.endPosition()]))
          .isEqualTo("𝄞");
    }
  }

  @Test
  void tooLongQuestionsAreTruncatedCountedAndReported() {
    try (Featurizer f = bert(32, 8)) {
      QaExample ex = QaExample.unlabeled("long-q", words(40), words(100));
      List<QaFeature> windows = f.featurize(ex);
      // Room after 3 specials and the stride: 21 tokens; the question keeps 10 of its 40.
      long questionTokens =
          Arrays.stream(windows.get(0).tokenTypeIds()).limit(20).filter(t -> t == 0).count();
      assertThat(questionTokens).isEqualTo(1 + 10 + 1);
      // Every window but the last is full: 1 + 10 + 1 question side, 21 context tokens, [SEP].
      for (QaFeature w : windows.subList(0, windows.size() - 1)) {
        assertThat(Arrays.stream(w.attentionMask()).sum()).isEqualTo(32);
      }
      FeaturizerCounts counts = f.counts();
      assertThat(counts.truncatedQuestions()).isEqualTo(1);
      assertThat(counts.truncatedQuestionIds()).containsExactly("long-q");
      assertThat(counts.summary()).contains("1 questions truncated").contains("long-q");

      // A long question that still leaves the windows room to advance is kept whole, as in
      // run_qa.py.
      f.featurize(QaExample.unlabeled("ok", words(19), words(100)));
      assertThat(f.counts().truncatedQuestions()).isEqualTo(1);
    }
  }

  @Test
  void batchedAndSingleFeaturizationAgree() {
    String c1 = "Super Bowl 50 was an American football game to determine the champion.";
    String c2 = "The 😀 Broncos defeated the Panthers 24–10 to earn their third title.";
    List<QaExample> examples =
        List.of(
            new QaExample("a", "", c1, "What?", List.of(new Answer("football", 24)), false),
            new QaExample("b", "", c1, "Which game?", List.of(), true),
            new QaExample("c", "", c2, "Who won?", List.of(new Answer("Broncos", 7)), false),
            new QaExample("d", "", c1, "Again?", List.of(), true));
    try (Featurizer f =
        Featurizer.builder(Tokenizers.BERT, WindowLayout.questionFirst(0))
            .windows(new WindowOptions(16, 4))
            .batchContexts(1)
            .build()) {
      List<QaFeature> batched = new ArrayList<>();
      FeaturizerCounts run = f.featurizeAll(examples, batched::add);
      List<QaFeature> single = new ArrayList<>();
      for (QaExample ex : examples) {
        single.addAll(f.featurize(ex));
      }
      assertThat(batched).hasSameSizeAs(single);
      assertThat(run.examples()).isEqualTo(4);
      assertThat(run.features()).isEqualTo(batched.size());
      assertThat(f.counts().features()).isEqualTo(2L * batched.size());
      for (int i = 0; i < single.size(); i++) {
        QaFeature x = batched.get(i);
        QaFeature y = single.get(i);
        assertThat(x.exampleId()).isEqualTo(y.exampleId());
        assertThat(x.inputIds()).isEqualTo(y.inputIds());
        assertThat(x.offsetStart()).isEqualTo(y.offsetStart());
        assertThat(x.offsetEnd()).isEqualTo(y.offsetEnd());
        assertThat(x.startPosition()).isEqualTo(y.startPosition());
        assertThat(x.endPosition()).isEqualTo(y.endPosition());
      }
      assertThat(
              batched.stream()
                  .filter(x -> x.exampleId().equals("c"))
                  .anyMatch(x -> !x.impossible()))
          .isTrue();
    }
  }

  @Test
  void featurizeAllHandlesEmptyInputAndPassesSinkFailuresThrough() {
    try (Featurizer f = bert(16, 4)) {
      assertThat(f.featurizeAll(List.of(), x -> {}).features()).isZero();
      List<QaExample> many = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        many.add(QaExample.unlabeled("q" + i, "why?", "context number " + i));
      }
      IllegalStateException stop = new IllegalStateException("sink full");
      List<String> seen = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  Featurizer.builder(Tokenizers.BERT, WindowLayout.questionFirst(0))
                      .windows(new WindowOptions(16, 4))
                      .batchContexts(3)
                      .build()
                      .featurizeAll(
                          many,
                          x -> {
                            seen.add(x.exampleId());
                            if (seen.size() == 7) {
                              throw stop;
                            }
                          }))
          .isSameAs(stop);
      assertThat(seen).hasSize(7).startsWith("q0", "q1", "q2", "q3");
    }
  }

  @Test
  void rejectsTokenizersThatTruncateOrPadAndImpossibleLengths() throws Exception {
    try (HuggingFaceTokenizer truncating =
        HuggingFaceTokenizer.newInstance(SharedData.bertTokenizer())) {
      assertThatThrownBy(
              () -> Featurizer.builder(truncating, WindowLayout.questionFirst(0)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("LONGEST_FIRST")
          .hasMessageContaining("optTruncation(false)");
    }
    assertThatThrownBy(() -> bert(10, 7))
        .hasMessageContaining("maxSeqLength 10")
        .hasMessageContaining("stride 7");
    assertThatThrownBy(
            () ->
                Featurizer.builder(
                        java.nio.file.Path.of("missing.json"), WindowLayout.questionFirst(0))
                    .build())
        .hasMessageContaining("missing.json");
  }

  @Test
  void lstripFollowsPython() {
    assertThat(Featurizer.lstrip(" \t\n\u00a0\u2003\u0085x y ")).isEqualTo("x y ");
    assertThat(Featurizer.lstrip("\u200bx")).isEqualTo("\u200bx");
    assertThat(Featurizer.lstrip("   ")).isEmpty();
  }
}
