package io.github.qa4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The options the model benchmarks share, and the usage error for windows too short. */
class ModelBenchmarkTest {

  static Stream<Arguments> benchmarks() {
    return Stream.of(
        Arguments.of((Supplier<ModelBenchmark>) BertBenchmark::new, 97),
        Arguments.of((Supplier<ModelBenchmark>) XlnetBenchmark::new, 66),
        Arguments.of((Supplier<ModelBenchmark>) DebertaBenchmark::new, 31));
  }

  @ParameterizedTest
  @MethodSource("benchmarks")
  void windowsTooShortForTheRandomBatchAreAUsageErrorNamingSeq(
      Supplier<ModelBenchmark> benchmark, int shortest) {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(benchmark.get())
            .setErr(new PrintWriter(err))
            .execute("--seq", String.valueOf(shortest - 1));

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--seq " + (shortest - 1) + ":")
        .contains("needs at least " + shortest + " tokens");
  }

  @Test
  void sharedOptionsKeepEachBenchmarksDocumentedDefaults() {
    BertBenchmark bert = new BertBenchmark();
    XlnetBenchmark xlnet = new XlnetBenchmark();
    new CommandLine(bert).parseArgs();
    new CommandLine(xlnet).parseArgs("--seq", "128", "--runs", "3");

    assertThat(bert.batch).isEqualTo(12);
    assertThat(bert.seqLen).isEqualTo(384);
    assertThat(xlnet.batch).isEqualTo(4);
    assertThat(xlnet.seqLen).isEqualTo(128);
    assertThat(xlnet.runs).isEqualTo(3);
    assertThat(xlnet.warmup).isEqualTo(1);
  }
}
