package io.github.qa4j.models.windows;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.CodePointOffsets;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.squad.SquadReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * qa4j's windows with a RoBERTa-style byte-level BPE tokenizer and a SentencePiece (Unigram,
 * Metaspace) tokenizer against what {@code run_qa.py}'s {@code prepare_train_features} and {@code
 * prepare_validation_features} give with the same tokenizer in transformers ({@code
 * fixtures/windows/}, made by the scripts beside them), on slices of SQuAD dev v1.1 and v2.0: the
 * layout is the one the model family picks from the folder's {@code config.json}, the pair template
 * and offsets come from the tokenizer; every array element by element, every context token in some
 * window, every label a valid span.
 */
class TokenizerWindowsFixtureTest {

  private static final WindowOptions WINDOWS = new WindowOptions(384, 128);

  @ParameterizedTest(name = "{0} dev v{1}")
  @CsvSource({
    "roberta-bpe, 1.1, 1, 243",
    "roberta-bpe, 2.0, 1, 253",
    "sentencepiece-unigram, 1.1, 0, 239",
    "sentencepiece-unigram, 2.0, 0, 231"
  })
  void windowsAndLabelsMatchRunQa(String folder, String version, int padId, int windowCount)
      throws IOException {
    Path dir = fixture(folder);
    List<JsonObject> expected = records(dir.resolve("windows-dev-v" + version + ".jsonl.gz"));
    assertThat(expected).hasSize(windowCount);
    List<QaExample> examples = slice(version, expected);

    WindowLayout layout = QaModels.layout(dir);
    assertThat(layout).isEqualTo(WindowLayout.questionFirst(padId));
    List<QaFeature> features = new ArrayList<>();
    try (Featurizer featurizer =
        Featurizer.builder(dir.resolve("tokenizer.json"), layout).windows(WINDOWS).build()) {
      featurizer.featurizeAll(examples, features::add);
    }
    assertThat(features).hasSize(expected.size());

    Map<String, QaExample> byId = new LinkedHashMap<>();
    examples.forEach(e -> byId.put(e.id(), e));
    for (int i = 0; i < features.size(); i++) {
      assertSameWindow(
          folder + " v" + version + " window " + i,
          expected.get(i),
          features.get(i),
          byId.get(features.get(i).exampleId()));
    }
    try (HuggingFaceTokenizer tokenizer = Featurizer.rawTokenizer(dir.resolve("tokenizer.json"))) {
      for (QaExample example : examples) {
        assertEveryContextTokenInSomeWindow(tokenizer, example, features);
      }
    }
  }

  private static void assertSameWindow(
      String at, JsonObject want, QaFeature got, QaExample example) {
    assertThat(got.exampleId()).as(at).isEqualTo(want.get("example_id").getAsString());
    assertThat(got.inputIds()).as(at + " input_ids").containsExactly(ints(want, "input_ids"));
    if (want.has("token_type_ids")) {
      assertThat(got.tokenTypeIds())
          .as(at + " token_type_ids")
          .containsExactly(ints(want, "token_type_ids"));
    } else {
      // The tokenizer returns no token types (RoBERTa): the model is fed none, and qa4j's are 0.
      assertThat(got.tokenTypeIds()).as(at + " token_type_ids").containsOnly(0);
    }
    assertThat(got.attentionMask())
        .as(at + " attention_mask")
        .containsExactly(ints(want, "attention_mask"));
    CodePointOffsets cp = CodePointOffsets.of(example.context());
    JsonArray offsets = want.getAsJsonArray("offset_mapping");
    assertThat(offsets.size()).as(at).isEqualTo(got.length());
    for (int t = 0; t < got.length(); t++) {
      JsonElement o = offsets.get(t);
      if (o.isJsonNull()) {
        assertThat(got.isContext(t)).as(at + " token " + t + " is not context").isFalse();
      } else {
        assertThat(got.isContext(t)).as(at + " token " + t + " is context").isTrue();
        assertThat(
                new int[] {
                  cp.toCodePoint(got.offsetStart()[t]), cp.toCodePoint(got.offsetEnd()[t])
                })
            .as(at + " offsets of token " + t)
            .containsExactly(
                o.getAsJsonArray().get(0).getAsInt(), o.getAsJsonArray().get(1).getAsInt());
      }
    }
    assertThat(got.startPosition())
        .as(at + " start_positions")
        .isEqualTo(want.get("start_positions").getAsInt());
    assertThat(got.endPosition())
        .as(at + " end_positions")
        .isEqualTo(want.get("end_positions").getAsInt());
    assertValidLabels(at, got, example);
  }

  /** The CLS index for both labels, or a span of context tokens that covers the answer. */
  private static void assertValidLabels(String at, QaFeature f, QaExample example) {
    if (f.impossible()) {
      assertThat(f.startPosition()).as(at).isEqualTo(f.clsIndex());
      assertThat(f.endPosition()).as(at).isEqualTo(f.clsIndex());
      return;
    }
    assertThat(example.impossible()).as(at).isFalse();
    assertThat(f.isContext(f.startPosition())).as(at + " start is a context token").isTrue();
    assertThat(f.isContext(f.endPosition())).as(at + " end is a context token").isTrue();
    assertThat(f.startPosition()).as(at).isLessThanOrEqualTo(f.endPosition());
    int answerStart = example.answers().get(0).start();
    int answerEnd = answerStart + example.answers().get(0).text().length();
    assertThat(f.offsetStart()[f.startPosition()]).as(at).isLessThanOrEqualTo(answerStart);
    assertThat(f.offsetEnd()[f.endPosition()]).as(at).isGreaterThanOrEqualTo(answerEnd);
  }

  /**
   * The windows of one example chain through its whole context: the first starts at the first
   * context token, each next one starts before the previous one ends, and the last ends at the last
   * context token.
   */
  private static void assertEveryContextTokenInSomeWindow(
      HuggingFaceTokenizer tokenizer, QaExample example, List<QaFeature> features) {
    Encoding context = tokenizer.encode(example.context(), false, false);
    List<int[]> spans = new ArrayList<>();
    for (QaFeature f : features) {
      if (f.exampleId().equals(example.id())) {
        int first = -1;
        int last = -1;
        for (int t = 0; t < f.length(); t++) {
          if (f.isContext(t)) {
            first = first < 0 ? t : first;
            last = t;
          }
        }
        spans.add(new int[] {f.offsetStart()[first], f.offsetEnd()[last]});
      }
    }
    String at = example.id();
    assertThat(spans).as(at).isNotEmpty();
    int n = context.getCharTokenSpans().length;
    assertThat(spans.get(0)[0]).as(at).isEqualTo(context.getCharTokenSpans()[0].getStart());
    assertThat(spans.get(spans.size() - 1)[1])
        .as(at)
        .isEqualTo(context.getCharTokenSpans()[n - 1].getEnd());
    for (int w = 1; w < spans.size(); w++) {
      assertThat(spans.get(w)[0]).as(at + " window " + w).isLessThan(spans.get(w - 1)[1]);
    }
  }

  private static List<QaExample> slice(String version, List<JsonObject> expected)
      throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    expected.forEach(r -> ids.add(r.get("example_id").getAsString()));
    Path data = "1.1".equals(version) ? SharedData.devV11() : SharedData.devV20();
    List<QaExample> out = new ArrayList<>();
    SquadReader.strict().stream(
        data,
        e -> {
          if (ids.contains(e.id())) {
            out.add(e);
          }
        });
    assertThat(out).extracting(QaExample::id).containsExactlyElementsOf(ids);
    return out;
  }

  private static List<JsonObject> records(Path file) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.add(JsonParser.parseString(line).getAsJsonObject());
      }
    }
    return out;
  }

  private static Path fixture(String name) {
    URL config = TokenizerWindowsFixtureTest.class.getResource("/fixtures/windows/" + name);
    if (config == null) {
      throw new IllegalStateException("missing test resource fixtures/windows/" + name);
    }
    try {
      return Path.of(config.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] ints(JsonObject o, String key) {
    JsonArray a = o.getAsJsonArray(key);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }
}
