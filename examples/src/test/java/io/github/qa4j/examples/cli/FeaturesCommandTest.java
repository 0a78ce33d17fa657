package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.examples.testing.ModelFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeaturesCommandTest {

  @TempDir Path dir;

  // "😀" is one code point and two UTF-16 units: offsets must come out in code points.
  private static final String CONTEXT = "😀 The Broncos won Super Bowl 50 in Santa Clara.";

  private Path squad() throws IOException {
    int start = CONTEXT.codePointCount(0, CONTEXT.indexOf("Broncos"));
    String json =
        ("{'version':'v2.0','data':[{'title':'T','paragraphs':[{'context':'"
                + CONTEXT
                + "','qas':[{'id':'q1','question':'  Who won?','is_impossible':false,"
                + "'answers':[{'text':'Broncos','answer_start':"
                + start
                + "}]},{'id':'q2','question':'Who lost?','is_impossible':true,'answers':[]}]}]}]}")
            .replace('\'', '"');
    Path file = dir.resolve("tiny.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  private static List<JsonObject> lines(Path file) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                file.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file))
                    : Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        out.add(JsonParser.parseString(l).getAsJsonObject());
      }
    }
    return out;
  }

  @Test
  void writesOneObjectPerFeatureWithCodePointOffsets() throws IOException {
    Path out = dir.resolve("f.jsonl.gz");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "features",
            "--data",
            squad().toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--layout",
            "bert",
            "--max-seq-length",
            "16",
            "--doc-stride",
            "4",
            "--out",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 questions").contains("features");
    List<JsonObject> features = lines(out);
    assertThat(features.size()).isGreaterThan(2);
    assertThat(features.get(0).keySet())
        .containsExactly(
            "example_id",
            "input_ids",
            "token_type_ids",
            "attention_mask",
            "offsets",
            "start_position",
            "end_position",
            "cls_index",
            "is_impossible",
            "p_mask");
    boolean labeled = false;
    for (JsonObject f : features) {
      assertThat(f.getAsJsonArray("input_ids")).hasSize(16);
      JsonArray offsets = f.getAsJsonArray("offsets");
      int sp = f.get("start_position").getAsInt();
      if (f.get("example_id").getAsString().equals("q1")
          && f.get("is_impossible").getAsInt() == 0) {
        labeled = true;
        JsonArray span = offsets.get(sp).getAsJsonArray();
        int cpStart = CONTEXT.codePointCount(0, CONTEXT.indexOf("Broncos"));
        assertThat(span.get(0).getAsInt()).isEqualTo(cpStart);
        assertThat(span.get(1).getAsInt()).isEqualTo(cpStart + "Broncos".length());
      }
      for (int t = 0; t < offsets.size(); t++) {
        int pm = f.getAsJsonArray("p_mask").get(t).getAsInt();
        assertThat(pm == 0)
            .isEqualTo(!offsets.get(t).isJsonNull() || t == f.get("cls_index").getAsInt());
      }
    }
    assertThat(labeled).isTrue();
    assertThat(features.stream().filter(f -> f.get("example_id").getAsString().equals("q2")))
        .allSatisfy(f -> assertThat(f.get("is_impossible").getAsInt()).isEqualTo(1));
  }

  @Test
  void xlnetLayoutMatchesTheFixtureForTheFirstDevFeature() throws IOException {
    Path out = dir.resolve("x.jsonl");
    // A one-article slice of dev-v2.0 keeps the test short.
    Path slice = dir.resolve("slice.json");
    String dev = Files.readString(SharedData.devV20());
    JsonObject root = JsonParser.parseString(dev).getAsJsonObject();
    JsonArray data = root.getAsJsonArray("data");
    while (data.size() > 1) {
      data.remove(data.size() - 1);
    }
    Files.writeString(slice, root.toString());
    QaCommandTest.Run r =
        QaCommandTest.run(
            "features",
            "--data",
            slice.toString(),
            "--tokenizer",
            SharedData.xlnetTokenizer().toString(),
            "--layout",
            "XLNET",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();

    JsonObject got = lines(out).get(0);
    JsonObject want =
        JsonParser.parseString(
                Files.readString(
                    SharedData.path("fixtures/features/features-xlnet-dev-v2.0-first40.json")))
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject();
    for (String key : List.of("input_ids", "token_type_ids", "attention_mask", "offsets")) {
      assertThat(got.get(key)).as(key).isEqualTo(want.get(key));
    }
    assertThat(got.get("cls_index").getAsInt()).isEqualTo(383);
  }

  /**
   * Without --layout, the layout comes from the model config.json beside the tokenizer, or, for a
   * tokenizer alone, from its tokenizer_config.json (here RoBERTa's pad id 1): the windows of the
   * first dev paragraph equal run_qa.py's (qa-models' fixtures/windows).
   */
  @ParameterizedTest
  @CsvSource({"roberta-bpe, false", "sentencepiece-unigram, true"})
  void layoutComesFromTheTokenizerOrTheConfigBesideIt(String name, boolean withConfig)
      throws IOException {
    Path folder = ModelFixtures.tokenizer(name);
    Path tokenizerDir = Files.createDirectories(dir.resolve(name));
    List<String> files =
        withConfig
            ? List.of("tokenizer.json", "tokenizer_config.json", "config.json")
            : List.of("tokenizer.json", "tokenizer_config.json");
    for (String file : files) {
      Files.copy(folder.resolve(file), tokenizerDir.resolve(file));
    }
    JsonObject root =
        JsonParser.parseString(Files.readString(SharedData.devV11())).getAsJsonObject();
    JsonArray data = root.getAsJsonArray("data");
    JsonObject article = data.get(0).getAsJsonObject();
    JsonArray paragraphs = article.getAsJsonArray("paragraphs");
    JsonArray first = new JsonArray();
    first.add(paragraphs.get(0));
    article.add("paragraphs", first);
    JsonArray one = new JsonArray();
    one.add(article);
    root.add("data", one);
    Path slice = dir.resolve("slice.json");
    Files.writeString(slice, root.toString());
    Path out = dir.resolve(name + ".jsonl");

    QaCommandTest.Run r =
        QaCommandTest.run(
            "features",
            "--data",
            slice.toString(),
            "--tokenizer",
            tokenizerDir.resolve("tokenizer.json").toString(),
            "--out",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    List<JsonObject> got = lines(out);
    List<JsonObject> want = lines(folder.resolve("windows-dev-v1.1.jsonl.gz"));
    assertThat(got).isNotEmpty();
    for (int i = 0; i < got.size(); i++) {
      JsonObject g = got.get(i);
      JsonObject w = want.get(i);
      assertThat(g.get("example_id")).isEqualTo(w.get("example_id"));
      assertThat(g.get("input_ids")).as("input_ids %s", i).isEqualTo(w.get("input_ids"));
      assertThat(g.get("attention_mask")).isEqualTo(w.get("attention_mask"));
      assertThat(g.get("offsets")).as("offsets %s", i).isEqualTo(w.get("offset_mapping"));
      assertThat(g.get("start_position")).isEqualTo(w.get("start_positions"));
      assertThat(g.get("end_position")).isEqualTo(w.get("end_positions"));
    }
    assertThat(want.get(got.size()).get("example_id"))
        .isNotEqualTo(got.get(got.size() - 1).get("example_id"));
  }

  @Test
  void errorsAreOneLineAndLeaveNoOutput() throws IOException {
    Path out = dir.resolve("none.jsonl");
    QaCommandTest.Run missing =
        QaCommandTest.run(
            "features",
            "--data",
            dir.resolve("missing.json").toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--out",
            out.toString());
    assertThat(missing.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(missing.err().strip())
        .doesNotContain("\n")
        .contains("--data")
        .contains("missing.json")
        .contains("no such file");

    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        "{\"data\":[{\"title\":\"T\",\"paragraphs\":[{\"context\":\"abc\",\"qas\":[{\"id\":\"z9\","
            + "\"question\":\"q\",\"answers\":[{\"text\":\"xyz\",\"answer_start\":0}]}]}]}]}");
    QaCommandTest.Run strict =
        QaCommandTest.run(
            "features",
            "--data",
            bad.toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--out",
            out.toString());
    assertThat(strict.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(strict.err()).contains("z9").contains("bad.json").contains("xyz");
    assertThat(out).doesNotExist();
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().contains("none"))).isEmpty();

    QaCommandTest.Run lenient =
        QaCommandTest.run(
            "features",
            "--data",
            bad.toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--lenient",
            "--out",
            out.toString());
    assertThat(lenient.code()).as(lenient.err()).isZero();
    assertThat(lenient.out()).contains("skipped 1 answers, 1 questions");

    QaCommandTest.Run layout =
        QaCommandTest.run(
            "features",
            "--data",
            bad.toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--layout",
            "gpt",
            "--out",
            out.toString());
    assertThat(layout.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(layout.err()).contains("--layout").contains("gpt");

    QaCommandTest.Run stride =
        QaCommandTest.run(
            "features",
            "--data",
            bad.toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--doc-stride",
            "400",
            "--out",
            out.toString());
    assertThat(stride.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(stride.err().strip()).doesNotContain("\n").contains("--doc-stride 400");
  }
}
