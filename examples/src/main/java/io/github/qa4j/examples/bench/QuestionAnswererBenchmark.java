package io.github.qa4j.examples.bench;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Questions per second and latency percentiles of {@link QuestionAnswerer} on SQuAD contexts, for
 * each arithmetic asked for, in one run: one question per call (latency), then all questions in one
 * batched call (throughput). The configurations run one after another in the same JVM, on the same
 * questions, so their numbers compare.
 *
 * <p>Run: {@code java -cp examples/target/qa.jar
 * io.github.qa4j.examples.bench.QuestionAnswererBenchmark --model DIR --data
 * ../shared/data/squad/dev-v1.1.json --questions 200 --runs padded-fp32,fp32,bf16,int8}.
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
  int questions = 200;

  @Option(
      names = "--every",
      description = "Take question i * EVERY of the file (default ${DEFAULT-VALUE}).")
  int every = 50;

  @Option(names = "--warmup", description = "Untimed questions first (default ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Option(
      names = "--batch-size",
      description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize = QuestionAnswerer.DEFAULT_BATCH_SIZE;

  @Option(names = "--max-seq-length", description = "Window length (default ${DEFAULT-VALUE}).")
  int maxSeqLength = 384;

  @Option(names = "--doc-stride", description = "Window overlap (default ${DEFAULT-VALUE}).")
  int docStride = 128;

  @Option(
      names = "--runs",
      split = ",",
      description =
          "Configurations, in order: fp32, bf16, int8 (dynamic padding) or padded-fp32,"
              + " padded-bf16, padded-int8 (every window at --max-seq-length) (default:"
              + " ${DEFAULT-VALUE}).")
  List<String> runs = List.of("padded-fp32", "fp32", "bf16", "int8");

  @Override
  public Integer call() throws Exception {
    List<QaExample> all = SquadReader.strict().read(data).examples();
    List<QaInput> inputs =
        IntStream.range(0, questions)
            .mapToObj(i -> all.get((int) ((long) i * every % all.size())))
            .map(e -> new QaInput(e.question(), e.context()))
            .toList();
    System.out.printf(
        Locale.ROOT,
        "model %s, %d questions (every %d), max_seq_length %d, stride %d, batch %d windows%n"
            + "| run | questions/s (one per call) | p50 ms | p90 ms | p99 ms | max ms"
            + " | questions/s (all in one call) |%n",
        model,
        inputs.size(),
        every,
        maxSeqLength,
        docStride,
        batchSize);
    for (String run : runs) {
      boolean padded = run.startsWith("padded-");
      Precision precision = Precision.parse(padded ? run.substring("padded-".length()) : run);
      try (QuestionAnswerer qa =
          QuestionAnswerer.builder()
              .model(model)
              .maxSeqLength(maxSeqLength)
              .stride(docStride)
              .batchSize(batchSize)
              .precision(precision)
              .padToMaxLength(padded)
              .topK(1)
              .build()) {
        time(run, qa, inputs);
      }
    }
    return 0;
  }

  private void time(String run, QuestionAnswerer qa, List<QaInput> inputs) {
    for (int i = 0; i < warmup; i++) {
      QaInput in = inputs.get(i % inputs.size());
      qa.answer(in.question(), in.context());
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
        "| %s | %.2f | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
        run,
        inputs.size() / sequential,
        percentile(latencies, 50),
        percentile(latencies, 90),
        percentile(latencies, 99),
        latencies[latencies.length - 1],
        inputs.size() / batched);
    System.out.flush();
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
