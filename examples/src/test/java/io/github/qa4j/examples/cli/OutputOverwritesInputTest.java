package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that resolves to an input, directly or through a symbolic link, or to another output,
 * is refused with exit 2 before anything is read, and the input is left as it was.
 */
class OutputOverwritesInputTest {

  @TempDir Path tmp;

  private Path data;
  private Path predictions;
  private byte[] dataBytes;
  private byte[] predictionBytes;

  @BeforeEach
  void files() throws IOException {
    data = Files.copy(SharedData.devV11(), tmp.resolve("d.json"));
    predictions = Files.writeString(tmp.resolve("p.json"), "{\"56be4db0acb8001400a502ec\": \"x\"}");
    dataBytes = Files.readAllBytes(data);
    predictionBytes = Files.readAllBytes(predictions);
  }

  private void refused(String flags, String... args) throws IOException {
    QaCommandTest.Run run = QaCommandTest.run(args);
    assertThat(run.code()).as(run.err()).isEqualTo(QaCommand.USAGE_ERROR);
    for (String flag : flags.split(" ")) {
      assertThat(run.err()).contains(flag);
    }
    assertThat(Files.readAllBytes(data)).isEqualTo(dataBytes);
    assertThat(Files.readAllBytes(predictions)).isEqualTo(predictionBytes);
  }

  @Test
  void featuresOutIsTheData() throws IOException {
    refused(
        "--out --data",
        "features",
        "--data",
        data.toString(),
        "--tokenizer",
        SharedData.bertTokenizer().toString(),
        "--out",
        data.toString());
  }

  @Test
  void featuresOutIsALinkToTheData() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), data);
    refused(
        "--out --data",
        "features",
        "--data",
        data.toString(),
        "--tokenizer",
        SharedData.bertTokenizer().toString(),
        "--out",
        link.toString());
  }

  @Test
  void featuresOutIsTheDataThroughAnotherPath() throws IOException {
    Files.createDirectories(tmp.resolve("sub"));
    refused(
        "--out --data",
        "features",
        "--data",
        data.toString(),
        "--tokenizer",
        SharedData.bertTokenizer().toString(),
        "--out",
        tmp.resolve("sub/../d.json").toString());
  }

  @Test
  void evaluateOutIsThePredictions() throws IOException {
    refused(
        "--out --predictions",
        "evaluate",
        "--data",
        data.toString(),
        "--predictions",
        predictions.toString(),
        "--out",
        predictions.toString());
  }

  @Test
  void evaluateOutAndPerQuestionAreOneFile() throws IOException {
    Path same = tmp.resolve("scores.json");
    refused(
        "--per-question --out",
        "evaluate",
        "--data",
        data.toString(),
        "--predictions",
        predictions.toString(),
        "--out",
        same.toString(),
        "--per-question",
        same.toString());
    assertThat(same).doesNotExist();
  }

  @Test
  void decodeOutDirHoldsTheData() throws IOException {
    Path asPredictions = Files.copy(data, tmp.resolve("predictions.json"));
    byte[] before = Files.readAllBytes(asPredictions);
    QaCommandTest.Run run =
        QaCommandTest.run(
            "decode",
            "--data",
            asPredictions.toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--logits",
            predictions.toString(),
            "--out-dir",
            tmp.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(run.err()).contains("--out-dir").contains("--data");
    assertThat(Files.readAllBytes(asPredictions)).isEqualTo(before);
  }
}
