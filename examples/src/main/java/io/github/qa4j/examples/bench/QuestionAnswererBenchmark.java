package io.github.qa4j.examples.bench;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Questions per second and latency percentiles of {@link QuestionAnswerer} on SQuAD contexts: one
 * question per call (latency), then all questions in one batched call (throughput).
 *
 * <p>Run: {@code java -cp examples/target/qa.jar
 * io.github.qa4j.examples.bench.QuestionAnswererBenchmark --model DIR --data
 * ../shared/data/squad/dev-v1.1.json --questions 100}.
 */
@Command(
    name = "question-answerer-benchmark",
    mixinStandardHelpOptions = true,
    description = "Latency and throughput of QuestionAnswerer on SQuAD dev contexts.")
public final class QuestionAnswererBenchmark implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model directory or name.")
  String model;

  @Option(names = "--data", required = true, description = "SQuAD JSON file.")
  Path data;

  @Option(names = "--questions", description = "Questions timed (default ${DEFAULT-VALUE}).")
  int questions = 100;

  @Option(names = "--warmup", description = "Untimed questions first (default ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Option(
      names = "--batch-size",
      description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize = 4;

  @Option(names = "--max-seq-length", description = "Window length (default ${DEFAULT-VALUE}).")
  int maxSeqLength = 384;

  @Option(names = "--doc-stride", description = "Window overlap (default ${DEFAULT-VALUE}).")
  int docStride = 128;

  @Override
  public Integer call() throws Exception {
    // Every 50th question spreads the sample over the articles of the file.
    List<QaExample> all = SquadReader.strict().read(data).examples();
    List<QaInput> inputs =
        java.util.stream.IntStream.range(0, questions)
            .mapToObj(i -> all.get(i * 50 % all.size()))
            .map(e -> new QaInput(e.question(), e.context()))
            .toList();
    try (QuestionAnswerer qa =
        QuestionAnswerer.builder()
            .model(model)
            .maxSeqLength(maxSeqLength)
            .stride(docStride)
            .batchSize(batchSize)
            .topK(1)
            .build()) {
      for (int i = 0; i < warmup; i++) {
        qa.answer(
            inputs.get(i % inputs.size()).question(), inputs.get(i % inputs.size()).context());
      }
      double[] latencies = new double[inputs.size()];
      long start = System.nanoTime();
      for (int i = 0; i < inputs.size(); i++) {
        long t = System.nanoTime();
        qa.answer(inputs.get(i).question(), inputs.get(i).context());
        latencies[i] = (System.nanoTime() - t) / 1e6;
      }
      double sequential = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      long batchStart = System.nanoTime();
      qa.answer(inputs);
      double batched = (System.nanoTime() - batchStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "model %s, %d questions, max_seq_length %d, stride %d, batch %d windows%n"
              + "one question per call: %.2f questions/s, latency p50 %.0f ms, p90 %.0f ms,"
              + " p99 %.0f ms, max %.0f ms%n"
              + "all questions in one call: %.2f questions/s (%.1f s)%n",
          model,
          inputs.size(),
          maxSeqLength,
          docStride,
          batchSize,
          inputs.size() / sequential,
          percentile(latencies, 50),
          percentile(latencies, 90),
          percentile(latencies, 99),
          latencies[latencies.length - 1],
          inputs.size() / batched,
          batched);
    }
    return 0;
  }

  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new QuestionAnswererBenchmark()).execute(args));
  }
}
