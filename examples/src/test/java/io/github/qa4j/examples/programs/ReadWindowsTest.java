package io.github.qa4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ReadWindows} on the first dev questions, with BERT's and XLNet's layouts. */
class ReadWindowsTest {

  private static ReadWindows.Result run(String tokenizer, String layout, ByteArrayOutputStream out)
      throws IOException {
    return ReadWindows.run(
        new String[] {
          "--data",
          SharedData.devV11().toString(),
          "--tokenizer",
          tokenizer,
          "--layout",
          layout,
          "--questions",
          "12",
          "--max-seq-length",
          "96",
          "--doc-stride",
          "32"
        },
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void cutsWindowsAndDecodesTheStandInModelsLogits() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReadWindows.Result result = run(SharedData.bertTokenizer().toString(), "bert", out);
    // Super Bowl 50's context is longer than one 96-token window.
    assertThat(result.windows()).hasSizeGreaterThan(12);
    for (QaFeature w : result.windows()) {
      assertThat(w.length()).isEqualTo(96);
      assertThat(w.clsIndex()).isZero();
      assertThat(w.inputIds()[0]).isEqualTo(101); // [CLS]
    }
    assertThat(result.predictions()).hasSize(12);
    for (Prediction p : result.predictions()) {
      assertThat(p.nBest()).isNotEmpty();
    }
    assertThat(result.scores().toMap()).containsKeys("exact_match", "f1");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("window of 56be4db0acb8001400a502ec: 96 tokens")
        .contains("12 questions, " + result.windows().size() + " windows");
  }

  @Test
  void xlnetLayoutPutsTheClsTokenLast() throws IOException {
    ReadWindows.Result result =
        run(SharedData.xlnetTokenizer().toString(), "xlnet", new ByteArrayOutputStream());
    for (QaFeature w : result.windows()) {
      assertThat(w.clsIndex()).isEqualTo(w.length() - 1);
    }
  }
}
