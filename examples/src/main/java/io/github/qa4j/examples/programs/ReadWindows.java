package io.github.qa4j.examples.programs;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.SpanDecoder;
import io.github.qa4j.core.decode.SpanLogits;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadResult;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model windows of a SQuAD file, for a model of your own: what {@code run_qa.py}'s feature
 * preparation gives a model (token ids, token types, attention mask, offsets, the CLS index, the
 * p-mask and the training labels), and how that model's start and end logits become answers.
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.programs.ReadWindows \
 *     --data dev-v1.1.json --tokenizer bert-base-uncased/tokenizer.json --questions 20
 * </pre>
 *
 * <p>{@link #logitsOf} stands in for your model: it scores each context token by whether it follows
 * a word of the question, so that the program runs without one. Replace it with your model's
 * forward pass over {@link QaFeature#inputIds()}, {@link QaFeature#tokenTypeIds()} and {@link
 * QaFeature#attentionMask()}; {@link SpanDecoder} then finds the answers as {@code utils_qa.py}
 * does, over all windows of each question.
 */
public final class ReadWindows {

  /**
   * What the program found.
   *
   * @param windows every window cut, in order
   * @param predictions one answer per question
   * @param scores the official SQuAD v1.1 metrics of the answers
   */
  public record Result(List<QaFeature> windows, List<Prediction> predictions, SquadResult scores) {}

  private ReadWindows() {}

  /**
   * Prints the first windows and the scores of the stand-in model's answers.
   *
   * @param args {@code --data FILE} (SQuAD JSON), {@code --tokenizer tokenizer.json}; optionally
   *     {@code --layout} ({@code bert}: question first, right padding with id 0; {@code xlnet}:
   *     context first, left padding with id 5 and type 3), {@code --questions} (the first N, 10),
   *     {@code --max-seq-length} (384), {@code --doc-stride} (128)
   */
  public static void main(String[] args) throws IOException {
    run(args, System.out);
  }

  /** Runs as {@link #main} does, printing to {@code out}. */
  public static Result run(String[] args, PrintStream out) throws IOException {
    ProgramArgs a =
        ProgramArgs.parse(
            args,
            Set.of(
                "--data",
                "--tokenizer",
                "--layout",
                "--questions",
                "--max-seq-length",
                "--doc-stride"));
    WindowLayout layout =
        switch (a.text("--layout", "bert")) {
          case "bert" -> WindowLayout.questionFirst(0);
          case "xlnet" -> WindowLayout.contextFirst(5, 3);
          default ->
              throw new IllegalArgumentException(
                  "--layout must be bert or xlnet, got '" + a.text("--layout", "") + "'");
        };
    List<QaExample> all = SquadReader.strict().read(a.existingFile("--data")).examples();
    List<QaExample> examples = all.subList(0, Math.min(a.integer("--questions", 10), all.size()));
    WindowOptions options =
        new WindowOptions(a.integer("--max-seq-length", 384), a.integer("--doc-stride", 128));

    List<QaFeature> windows = new ArrayList<>();
    try (Featurizer featurizer =
        Featurizer.builder(a.existingFile("--tokenizer"), layout).windows(options).build()) {
      for (QaExample example : examples) {
        windows.addAll(featurizer.featurize(example));
      }
    }
    for (QaFeature w : windows.subList(0, Math.min(3, windows.size()))) {
      out.printf(
          Locale.ROOT,
          "window of %s: %d tokens (%d attended), CLS at %d, answer tokens %d-%d%s%n  ids %s...%n",
          w.exampleId(),
          w.length(),
          Arrays.stream(w.attentionMask()).sum(),
          w.clsIndex(),
          w.startPosition(),
          w.endPosition(),
          w.impossible() ? " (not in this window: labeled with CLS)" : "",
          Arrays.toString(Arrays.copyOf(w.inputIds(), 12)));
    }

    Map<String, QaExample> byId = new LinkedHashMap<>();
    examples.forEach(e -> byId.put(e.id(), e));
    List<SpanLogits> logits = new ArrayList<>(windows.size());
    for (QaFeature w : windows) {
      logits.add(logitsOf(w, byId.get(w.exampleId())));
    }
    List<Prediction> predictions =
        new SpanDecoder(DecodingOptions.DEFAULTS).decodeAll(examples, windows, logits);

    Map<String, List<String>> gold = new LinkedHashMap<>();
    Map<String, String> answers = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      QaExample e = examples.get(i);
      gold.put(e.id(), e.answers().stream().map(Answer::text).toList());
      answers.put(e.id(), predictions.get(i).text());
    }
    SquadResult scores = SquadEvaluator.evaluateV1(gold, answers);
    out.printf(
        Locale.ROOT,
        "%d questions, %d windows; the stand-in model's answers: %s%n",
        examples.size(),
        windows.size(),
        scores.toMap());
    return new Result(windows, predictions, scores);
  }

  /**
   * A stand-in for your model's forward pass: start logit 1 for a context token right after a
   * question word (and not itself one), end logit 1 for the token after such a start; every other
   * logit 0.
   */
  static SpanLogits logitsOf(QaFeature window, QaExample example) {
    Set<String> questionWords = new HashSet<>();
    for (String word : example.question().toLowerCase(Locale.ROOT).split("\\W+")) {
      questionWords.add(word);
    }
    float[] start = new float[window.length()];
    float[] end = new float[window.length()];
    for (int i = 1; i < window.length(); i++) {
      if (window.isContext(i) && window.isContext(i - 1)) {
        boolean afterQuestionWord = questionWords.contains(word(window, example, i - 1));
        if (afterQuestionWord && !questionWords.contains(word(window, example, i))) {
          start[i] = 1;
          if (i + 1 < window.length()) {
            end[i + 1] = 1;
          }
        }
      }
    }
    return new SpanLogits(start, end);
  }

  private static String word(QaFeature window, QaExample example, int token) {
    return example
        .context()
        .substring(window.offsetStart()[token], window.offsetEnd()[token])
        .toLowerCase(Locale.ROOT);
  }
}
