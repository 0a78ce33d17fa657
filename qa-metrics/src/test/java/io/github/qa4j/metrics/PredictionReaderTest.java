package io.github.qa4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionReaderTest {

  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  @Test
  void readsPredictionsAndProbabilitiesInFileOrder() throws IOException {
    Map<String, String> preds =
        PredictionReader.readPredictions(
            write("p.json", "{\"z\": \"Paris\", \"a\": \"\\u00e9t\u00e9\"}"));
    assertThat(preds.keySet()).containsExactly("z", "a");
    assertThat(preds).containsEntry("a", "\u00e9t\u00e9");
    Map<String, Double> na =
        PredictionReader.readNaProbs(write("n.json", "{\"b\": 1, \"a\": 0.25e0}"));
    assertThat(na.keySet()).containsExactly("b", "a");
    assertThat(na).containsEntry("b", 1.0).containsEntry("a", 0.25);
  }

  @Test
  void wrongValueTypeNamesFileAndEntry() throws IOException {
    Path p = write("p.json", "{\"ok\": \"x\", \"q17\": 3}");
    assertThatThrownBy(() -> PredictionReader.readPredictions(p))
        .isInstanceOf(PredictionFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("'q17'")
        .hasMessageContaining("expected a string")
        .hasMessageContaining("found a number")
        .satisfies(e -> assertThat(((PredictionFormatException) e).entry()).contains("q17"));
    Path n = write("n.json", "{\"q1\": \"0.5\"}");
    assertThatThrownBy(() -> PredictionReader.readNaProbs(n))
        .hasMessageContaining("'q1'")
        .hasMessageContaining("expected a number");
    Path t = write("t.json", "{\"q1\": true}");
    assertThatThrownBy(() -> PredictionReader.readNaProbs(t)).hasMessageContaining("a boolean");
  }

  @Test
  void syntaxErrorsNameTheFileAndTheEntryBeingRead() throws IOException {
    Path p = write("p.json", "{\"q1\": \"x\", \"q2\": \"unterminated}");
    assertThatThrownBy(() -> PredictionReader.readPredictions(p))
        .isInstanceOf(PredictionFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("'q2'")
        .hasMessageContaining("malformed JSON");
    Path nan = write("n.json", "{\"q1\": NaN}");
    assertThatThrownBy(() -> PredictionReader.readNaProbs(nan)).hasMessageContaining("'q1'");
    Path trailing = write("x.json", "{\"q1\": \"a\"} {}");
    assertThatThrownBy(() -> PredictionReader.readPredictions(trailing))
        .hasMessageNotContaining("'q1'")
        .hasMessageContaining("malformed JSON at line 1 column 14")
        .hasMessageNotContaining("LENIENT");
  }

  @Test
  void rejectsNonObjectsDuplicatesAndNonUtf8() throws IOException {
    Path array = write("a.json", "[\"x\"]");
    assertThatThrownBy(() -> PredictionReader.readPredictions(array))
        .hasMessageContaining("expected a JSON object")
        .hasMessageContaining("an array");
    Path dup = write("d.json", "{\"q1\": \"a\", \"q1\": \"b\"}");
    assertThatThrownBy(() -> PredictionReader.readPredictions(dup))
        .hasMessageContaining("'q1'")
        .hasMessageContaining("more than once");
    Path latin1 =
        Files.write(
            dir.resolve("l.json"),
            new byte[] {'{', '"', 'q', '"', ':', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> PredictionReader.readPredictions(latin1))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> PredictionReader.readPredictions(dir.resolve("absent.json")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
