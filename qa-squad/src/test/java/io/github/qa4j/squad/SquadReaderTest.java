package io.github.qa4j.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadReaderTest {

  @TempDir Path dir;

  private Path json(String text) throws IOException {
    Path file = dir.resolve("data.json");
    Files.writeString(file, text.replace('\'', '"'), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void convertsCodePointOffsetsOutsideTheBasicMultilingualPlane() throws IOException {
    // "😀" (U+1F600) is one code point but two UTF-16 units; SQuAD counts it as one.
    String context = "I 😀 love 𝄞 music and Zürich.";
    int musicCp = context.codePointCount(0, context.indexOf("music"));
    int zurichCp = context.codePointCount(0, context.indexOf("Zürich"));
    assertThat(musicCp).isEqualTo(context.indexOf("music") - 2);
    Path file =
        json(
            "{'version':'1.1','data':[{'title':'T','paragraphs':[{'context':'"
                + context
                + "','qas':[{'id':'q1','question':' what?','answers':[{'text':'music','answer_start':"
                + musicCp
                + "},{'text':'Zürich','answer_start':"
                + zurichCp
                + "}]}]}]}]}");

    SquadDataset data = SquadReader.strict().read(file);

    QaExample ex = data.examples().get(0);
    assertThat(ex.answers())
        .containsExactly(
            new Answer("music", context.indexOf("music")),
            new Answer("Zürich", context.indexOf("Zürich")));
    for (Answer a : ex.answers()) {
      assertThat(ex.context().substring(a.start(), a.end())).isEqualTo(a.text());
    }
    assertThat(ex.question()).isEqualTo(" what?");
    assertThat(ex.title()).isEqualTo("T");
    assertThat(data.version()).isEqualTo(SquadVersion.V1_1);
  }

  @Test
  void strictModeNamesFileQuestionAndValue() throws IOException {
    // A UTF-16 offset where a code point offset belongs: off by one after the emoji.
    String context = "😀 Denver Broncos won.";
    Path file =
        json(
            "{'data':[{'title':'T','paragraphs':[{'context':'"
                + context
                + "','qas':[{'id':'bad-1','question':'who?','answers':[{'text':'Denver','answer_start':"
                + context.indexOf("Denver")
                + "}]}]}]}]}");

    assertThatThrownBy(() -> SquadReader.strict().read(file))
        .isInstanceOf(SquadFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bad-1")
        .hasMessageContaining("answer_start 3")
        .hasMessageContaining("\"Denver\"");
  }

  @Test
  void lenientModeSkipsAndCounts() throws IOException {
    Path file =
        json(
            "{'data':[{'title':'T','paragraphs':[{'context':'abc def ghi','qas':["
                + "{'id':'a','question':'q','answers':[{'text':'def','answer_start':4},"
                + "{'text':'def','answer_start':5}]},"
                + "{'id':'b','question':'q','answers':[{'text':'xyz','answer_start':0}]},"
                + "{'id':'c','question':'q','answers':[{'text':'ghi','answer_start':8}]}]}]}]}");

    SquadDataset data = SquadReader.lenient().read(file);

    assertThat(data.examples()).extracting(QaExample::id).containsExactly("a", "c");
    assertThat(data.examples().get(0).answers()).containsExactly(new Answer("def", 4));
    SquadReport r = data.report();
    assertThat(r.skippedAnswers()).isEqualTo(2);
    assertThat(r.skippedQuestions()).isEqualTo(1);
    assertThat(r.questions()).isEqualTo(2);
    assertThat(r.answers()).isEqualTo(2);
    assertThat(r.clean()).isFalse();
    assertThat(r.problems()).hasSize(3);
    assertThat(r.problems().get(0)).startsWith("question a: answer_start 5");
    assertThat(r.problems().get(2)).startsWith("question b: no valid answer left");
  }

  @Test
  void detectsVersionTwoFromQuestionsEvenWithoutVersionField() throws IOException {
    Path file =
        json(
            "{'data':[{'paragraphs':[{'qas':[{'question':'q','id':'x','answers':[],"
                + "'plausible_answers':[{'text':'abc','answer_start':0}]}],'context':'abc'}],"
                + "'title':'Late title'}]}");

    SquadDataset data = SquadReader.strict().read(file);

    assertThat(data.version()).isEqualTo(SquadVersion.V2_0);
    // Context after qas and title after paragraphs are both accepted.
    assertThat(data.examples().get(0).context()).isEqualTo("abc");
    assertThat(data.examples().get(0).title()).isEqualTo("Late title");
  }

  @Test
  void versionOneQuestionWithoutAnswersIsRefusedNotTrainedAsUnanswerable() throws IOException {
    Path file =
        json(
            "{'version':'1.1','data':[{'paragraphs':[{'context':'abc','qas':["
                + "{'id':'ok','question':'q','answers':[{'text':'a','answer_start':0}]},"
                + "{'id':'none','question':'q','answers':[]}]}]}]}");
    assertThatThrownBy(() -> SquadReader.strict().read(file))
        .isInstanceOf(SquadFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("question none")
        .hasMessageContaining("no answers");
    SquadDataset lenient = SquadReader.lenient().read(file);
    assertThat(lenient.examples()).extracting(QaExample::id).containsExactly("ok");
    assertThat(lenient.report().skippedQuestions()).isEqualTo(1);
  }

  @Test
  void malformedFilesFailWithTheFileName() throws IOException {
    Path truncated = json("{'data':[{'title':'T','paragraphs':[{'context':'abc'");
    assertThatThrownBy(() -> SquadReader.strict().read(truncated))
        .isInstanceOf(SquadFormatException.class)
        .hasMessageContaining(truncated.toString());
    Path noId = json("{'data':[{'paragraphs':[{'context':'abc','qas':[{'question':'q'}]}]}]}");
    assertThatThrownBy(() -> SquadReader.strict().read(noId))
        .hasMessageContaining("no \"id\"")
        .hasMessageContaining("qas[0]");
    Path noData = json("{'version':'1.1'}");
    assertThatThrownBy(() -> SquadReader.strict().read(noData)).hasMessageContaining("\"data\"");
    Path duplicate =
        json(
            "{'data':[{'paragraphs':[{'context':'abc','qas':["
                + "{'id':'d','question':'q','answers':[{'text':'a','answer_start':0}]},"
                + "{'id':'d','question':'q','answers':[{'text':'a','answer_start':0}]}]}]}]}");
    assertThatThrownBy(() -> SquadReader.strict().read(duplicate))
        .hasMessageContaining("duplicate question id d");
    assertThat(SquadReader.lenient().read(duplicate).report().skippedQuestions()).isEqualTo(1);
  }

  @Test
  void readsTheOfficialDevSets() throws IOException {
    SquadDataset v11 = SquadReader.strict().read(SharedData.devV11());
    assertThat(v11.version()).isEqualTo(SquadVersion.V1_1);
    assertThat(v11.report().articles()).isEqualTo(48);
    assertThat(v11.report().questions()).isEqualTo(10_570);
    assertThat(v11.report().clean()).isTrue();

    SquadReport v20 = SquadReader.strict().stream(SharedData.devV20(), ex -> {});
    assertThat(v20.version()).isEqualTo(SquadVersion.V2_0);
    assertThat(v20.articles()).isEqualTo(35);
    assertThat(v20.questions()).isEqualTo(11_873);
    assertThat(v20.impossibleQuestions()).isEqualTo(5_945);
    assertThat(SquadReader.detectVersion(SharedData.devV20())).isEqualTo(SquadVersion.V2_0);
  }

  @Test
  void goldAnswersKeepEveryAnswerTextInOrder() throws IOException {
    Map<String, List<String>> gold = SquadReader.goldAnswers(SharedData.devV11());
    assertThat(gold).hasSize(10_570);
    // The first question of dev-v1.1: "Which NFL team represented the AFC at Super Bowl 50?"
    assertThat(gold.get("56be4db0acb8001400a502ec"))
        .containsExactly("Denver Broncos", "Denver Broncos", "Denver Broncos");
    Map<String, List<String>> gold2 = SquadReader.goldAnswers(SharedData.devV20());
    assertThat(gold2).hasSize(11_873);
    assertThat(gold2.values().stream().filter(List::isEmpty).count()).isEqualTo(5_945);
  }
}
