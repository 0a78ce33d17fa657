package io.github.qa4j.spark;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Questions per second of {@link SparkQuestionAnswerer} for each Spark master given (for example
 * {@code local[1]} and {@code local[2]}): a cold run that includes loading the model on the
 * executor, then warm runs with the model already loaded. A program, not a test; see docs/spark.md
 * for the command.
 *
 * <p>Arguments: {@code --model LOCATION --data SQUAD.json [--questions N] [--masters
 * local[1],local[2]] [--runs R] [--max-seq-length 384] [--doc-stride 128] [--batch-size 4]
 * [--questions-per-call 32] [--partitions P]} (P defaults to the master's parallelism).
 */
public final class SparkQaBenchmark {

  private SparkQaBenchmark() {}

  /** Runs the benchmark and prints one line per master and run. */
  public static void main(String[] args) throws Exception {
    String model = null;
    Path data = null;
    int questions = 500;
    List<String> masters = List.of("local[1]", "local[2]");
    int runs = 2;
    int maxSeqLength = 384;
    int stride = 128;
    int batchSize = 4;
    int questionsPerCall = 32;
    int partitions = 0;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--model" -> model = value;
        case "--data" -> data = Path.of(value);
        case "--questions" -> questions = Integer.parseInt(value);
        case "--masters" -> masters = List.of(value.split(","));
        case "--runs" -> runs = Integer.parseInt(value);
        case "--max-seq-length" -> maxSeqLength = Integer.parseInt(value);
        case "--doc-stride" -> stride = Integer.parseInt(value);
        case "--batch-size" -> batchSize = Integer.parseInt(value);
        case "--questions-per-call" -> questionsPerCall = Integer.parseInt(value);
        case "--partitions" -> partitions = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (model == null || data == null) {
      throw new IllegalArgumentException("--model and --data are required");
    }
    List<QaExample> all = SquadReader.strict().read(data).examples();
    List<QaExample> examples = new ArrayList<>(all.subList(0, Math.min(questions, all.size())));
    SparkQuestionAnswerer answerer =
        SparkQuestionAnswerer.builder()
            .model(model)
            .maxSeqLength(maxSeqLength)
            .stride(stride)
            .windowBatchSize(batchSize)
            .questionsPerCall(questionsPerCall)
            .build();
    System.out.printf(
        Locale.ROOT,
        "questions=%d max_seq_length=%d stride=%d batch_size=%d questions_per_call=%d%n",
        examples.size(),
        maxSeqLength,
        stride,
        batchSize,
        questionsPerCall);
    for (String master : masters) {
      SparkSession spark =
          SparkSession.builder()
              .master(master)
              .appName("qa-spark-benchmark")
              .config("spark.ui.enabled", "false")
              .config("spark.log.level", "WARN")
              .getOrCreate();
      try {
        int n = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        Dataset<Row> input = SquadOnSpark.questions(spark, examples, n).cache();
        input.count();
        for (int run = 0; run <= runs; run++) {
          long start = System.nanoTime();
          // Collected, not counted: every answer is computed and shipped to the driver.
          long rows = answerer.transform(input).select("id", "answer").collectAsList().size();
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "master=%s partitions=%d run=%s seconds=%.2f questions_per_s=%.2f%n",
              master,
              n,
              run == 0 ? "cold(model load)" : Integer.toString(run),
              seconds,
              rows / seconds);
        }
      } finally {
        spark.stop();
        // In local mode the executor is this JVM: forget the model so the next master loads it.
        ExecutorAnswerers.closeAll();
      }
    }
  }
}
