package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.models.tf.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

  @TempDir Path tmp;

  @Test
  void convertsAJarToAHuggingFaceDirectory() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 11);
    Path jar = tmp.resolve("tiny.jar");
    TestBundles.writeNestedJar(saved, jar, "com/example/tiny-bert");
    Path out = tmp.resolve("out");

    QaCommandTest.Run r =
        QaCommandTest.run("convert", "--tf-checkpoint", jar.toString(), "--out", out.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("44 tensors").contains("BertForMaskedLM").contains("lowercasing");
    assertThat(Safetensors.read(out.resolve("model.safetensors"))).hasSize(44);
    for (String f :
        new String[] {"config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"}) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
  }

  @Test
  void aBadCheckpointIsOneLineNamingTheFile() throws IOException {
    Path bogus = Files.writeString(tmp.resolve("bogus.index"), "not an sstable");

    QaCommandTest.Run r =
        QaCommandTest.run(
            "convert", "--tf-checkpoint", bogus.toString(), "--out", tmp.resolve("o").toString());

    assertThat(r.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(r.err().strip()).doesNotContain("\n").contains("bogus.index").contains("SSTable");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void missingOptionsAreAUsageError() {
    QaCommandTest.Run r = QaCommandTest.run("convert", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(r.err()).contains("--tf-checkpoint");
  }
}
