package io.github.qa4j.spark.cli;

import com.google.gson.GsonBuilder;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.spark.SparkQuestionAnswerer;
import io.github.qa4j.spark.SquadOnSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qa-spark}: answers the questions of a SQuAD file or a Parquet table on Spark and writes
 * SQuAD-format predictions ({@code {id: answer}}) or a Parquet table with the answer columns.
 *
 * <p>User errors print one line on stderr and exit non-zero: 2 for bad arguments, 1 for a failure
 * while running.
 */
@Command(
    name = "qa-spark",
    mixinStandardHelpOptions = true,
    version = "qa4j 0.1.0-SNAPSHOT",
    description = {
      "Answer questions over passages of any length on Apache Spark with a fine-tuned qa4j model.",
      "--data: a SQuAD JSON file read by the driver; --out gets its predictions {id: answer}.",
      "--input: a Parquet table with id, question and context columns; --out gets the table with"
          + " answer, start, end, score, no_answer (a .json --out gets {id: answer})."
    })
public final class QaSparkCommand implements Callable<Integer> {

  /** Exit code for bad arguments. */
  public static final int USAGE_ERROR = 2;

  /** Exit code for a failure while running. */
  public static final int RUN_ERROR = 1;

  @Option(
      names = "--master",
      description =
          "Spark master: local[N], spark://HOST:PORT, ... (default: spark-submit's, else local[*]).")
  String master;

  @Option(
      names = "--model",
      required = true,
      description =
          "Fine-tuned model: a directory with a scheme every executor can read (file:, hdfs:,"
              + " s3a:), or a local directory, Hub name or maven:G:A:V resolved on each executor.")
  String model;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--data", required = true, description = "A SQuAD v1.1 or v2.0 JSON file.")
    Path data;

    @Option(
        names = "--input",
        required = true,
        description = "A Parquet table (any Hadoop path) with the question columns.")
    String input;
  }

  @Option(
      names = "--out",
      required = true,
      description =
          "predictions.json (written atomically), or for --input a new Parquet directory.")
  String out;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description = "Matrix products: fp32, bf16 or int8 (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--max-seq-length", defaultValue = "384")
  int maxSeqLength;

  @Option(names = "--doc-stride", defaultValue = "128")
  int docStride;

  @Option(names = "--batch-size", defaultValue = "4", description = "Windows per forward pass.")
  int batchSize;

  @Option(
      names = "--questions-per-call",
      defaultValue = "32",
      description = "Questions whose windows share forward passes.")
  int questionsPerCall;

  @Option(
      names = "--max-answer-length",
      defaultValue = "" + DecodingOptions.DEFAULT_MAX_ANSWER_LENGTH)
  int maxAnswerLength;

  @Option(names = "--allow-no-answer", description = "Let \"no answer\" win (SQuAD v2 models).")
  boolean allowNoAnswer;

  @Option(names = "--null-score-diff-threshold", defaultValue = "0.0")
  double nullScoreDiffThreshold;

  @Option(names = "--n-best", description = "Add the nbest column to a Parquet output.")
  boolean nBest;

  @Option(names = "--top-k", defaultValue = "3", description = "Length of the nbest column.")
  int topK;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Partitions of the --data questions (default: Spark's default parallelism).")
  int partitions;

  @Option(names = "--id-column", defaultValue = "id")
  String idColumn;

  @Option(names = "--question-column", defaultValue = "question")
  String questionColumn;

  @Option(names = "--context-column", defaultValue = "context")
  String contextColumn;

  @Option(names = "--verbose", description = "Print stack traces for errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SparkQuestionAnswerer answerer =
        SparkQuestionAnswerer.builder()
            .model(model)
            .precision(precision)
            .idColumn(idColumn)
            .questionColumn(questionColumn)
            .contextColumn(contextColumn)
            .maxSeqLength(maxSeqLength)
            .stride(docStride)
            .windowBatchSize(batchSize)
            .questionsPerCall(questionsPerCall)
            .maxAnswerLength(maxAnswerLength)
            .allowNoAnswer(allowNoAnswer)
            .nullScoreDiffThreshold(nullScoreDiffThreshold)
            .topK(topK)
            .nBest(nBest)
            .build();
    SparkSession.Builder builder = SparkSession.builder().appName("qa-spark");
    if (master != null) {
      builder.master(master);
    } else if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    // A session the caller already runs (an embedding application, a test) is left running.
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = builder.getOrCreate();
    try {
      if (source.data != null) {
        predictSquad(spark, answerer);
      } else {
        predictTable(spark, answerer);
      }
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
    return 0;
  }

  private void predictSquad(SparkSession spark, SparkQuestionAnswerer answerer) throws IOException {
    Path target = Path.of(out);
    refuseSameFile(source.data, target);
    int n = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
    Dataset<Row> questions = SquadOnSpark.questions(spark, source.data, n);
    writeJson(target, SquadOnSpark.predictions(answerer.transform(questions), "id"));
  }

  private void predictTable(SparkSession spark, SparkQuestionAnswerer answerer) throws IOException {
    var conf = spark.sparkContext().hadoopConfiguration();
    var inputPath = new org.apache.hadoop.fs.Path(source.input);
    FileSystem inputFs = inputPath.getFileSystem(conf);
    if (!inputFs.exists(inputPath)) {
      throw new IOException("--input " + source.input + " does not exist");
    }
    Dataset<Row> answered = answerer.transform(spark.read().parquet(source.input));
    if (out.endsWith(".json")) {
      Path target = Path.of(out);
      writeJson(target, SquadOnSpark.predictions(answered, idColumn));
      return;
    }
    var target = new org.apache.hadoop.fs.Path(out);
    FileSystem fs = target.getFileSystem(conf);
    if (fs.makeQualified(target).equals(inputFs.makeQualified(inputPath))) {
      throw new IOException("--out " + out + " is the --input table; choose another directory");
    }
    if (fs.exists(target)) {
      throw new IOException("--out " + out + " already exists; remove it or choose another");
    }
    // Written beside the target and renamed into place: no half-written table under --out.
    var staging =
        new org.apache.hadoop.fs.Path(
            target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
    try {
      answered.write().parquet(staging.toString());
      if (!fs.rename(staging, target)) {
        throw new IOException("could not rename " + staging + " to --out " + out);
      }
      spec.commandLine().getErr().println("qa-spark: wrote the answered table to " + out);
    } finally {
      fs.delete(staging, true);
    }
  }

  private static void refuseSameFile(Path input, Path target) throws IOException {
    if (input.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())
        || (Files.exists(target) && Files.isSameFile(input, target))) {
      throw new IOException("--out " + target + " is the --data file; choose another file");
    }
  }

  private void writeJson(Path target, Map<String, String> predictions) throws IOException {
    AtomicFiles.writeString(
        target, new GsonBuilder().setPrettyPrinting().create().toJson(predictions) + "\n");
    spec.commandLine()
        .getErr()
        .println("qa-spark: wrote " + predictions.size() + " predictions to " + target);
  }

  /** Builds the command line with qa4j's error handling, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new QaSparkCommand());
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("qa-spark: " + ex.getMessage() + " (see 'qa-spark --help')");
          return USAGE_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("qa-spark: " + describe(ex));
          if (parseResult.hasMatchedOption("--verbose")) {
            ex.printStackTrace(err);
          }
          return ex instanceof IllegalArgumentException ? USAGE_ERROR : RUN_ERROR;
        });
    return cli;
  }

  /** The first line of the message: Spark appends the failed task's whole stack trace. */
  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      return ex.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
