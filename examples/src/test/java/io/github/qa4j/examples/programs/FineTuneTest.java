package io.github.qa4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.EvalResult;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FineTune} on eight questions with a tiny BERT from random weights. */
class FineTuneTest {

  @TempDir Path tmp;

  @Test
  void fineTunesEvaluatesAndLeavesAModelFolder() throws IOException {
    Path data = TinyData.squadFile(tmp, 8);
    Path out = tmp.resolve("out");
    EvalResult result =
        FineTune.run(
            new String[] {
              "--config",
              TinyData.BERT_CONFIG.toString(),
              "--tokenizer",
              SharedData.bertTokenizer().toString(),
              "--train",
              data.toString(),
              "--eval",
              data.toString(),
              "--output",
              out.toString(),
              "--max-steps",
              "3",
              "--batch-size",
              "4",
              "--learning-rate",
              "1e-3",
              "--max-seq-length",
              "128",
              "--doc-stride",
              "32"
            });
    assertThat(result.predictions()).hasSize(8);
    assertThat(result.metrics()).containsKeys("eval_exact_match", "eval_f1");
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("tokenizer_config.json")).exists();
    assertThat(out.resolve("all_results.json")).exists();
    assertThat(out.resolve("README.md")).content().contains("train_file: `" + data + "`");
  }
}
