package io.github.qa4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Answers the questions of a Spark {@code Dataset<Row>} with a fine-tuned qa4j model, over contexts
 * of any length: every window of a long context is scored, as by {@link
 * io.github.qa4j.core.inference.QuestionAnswerer}, whose answers these are, row for row.
 *
 * <pre>{@code
 * SparkQuestionAnswerer qa = SparkQuestionAnswerer.builder()
 *     .model("hdfs:///models/bert-squad")      // or file:, s3a:, a Hub name, maven:G:A:V
 *     .maxSeqLength(384).stride(128)
 *     .build();
 * Dataset<Row> answered = qa.transform(spark.read().parquet("questions.parquet"));
 * // id, question, context, ..., answer, start, end, score, no_answer
 * }</pre>
 *
 * <p>Each executor JVM loads the model once, on its first task, and shares it among its tasks (see
 * {@code docs/spark.md}); a model directory on a Hadoop file system is copied to the executor's
 * local temporary directory first. Rows keep their partitions and order; the transformation is
 * deterministic and free of side effects, so retried tasks neither lose nor duplicate rows. A model
 * that cannot be loaded fails the job with a message naming its location.
 *
 * <p>Instances are immutable and may be reused for many datasets.
 */
public final class SparkQuestionAnswerer {

  private final AnswererOptions options;
  private final String idColumn;
  private final String questionColumn;
  private final String contextColumn;
  private final int questionsPerCall;
  private final AnswerColumns columns;

  private SparkQuestionAnswerer(Builder b) {
    this.options =
        new AnswererOptions(
            b.model,
            b.precision,
            b.maxSeqLength,
            b.stride,
            b.windowBatchSize,
            b.maxConcurrency,
            b.topK,
            b.maxAnswerLength,
            b.allowNoAnswer,
            b.nullScoreDiffThreshold);
    this.idColumn = b.idColumn;
    this.questionColumn = b.questionColumn;
    this.contextColumn = b.contextColumn;
    this.questionsPerCall = b.questionsPerCall;
    this.columns =
        new AnswerColumns("answer", "start", "end", "score", "no_answer", b.nBest ? "nbest" : null);
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The options each executor builds its answerer with. */
  public AnswererOptions options() {
    return options;
  }

  /** The names of the columns {@link #transform} appends, in order. */
  public List<String> outputColumns() {
    return columns.names();
  }

  /**
   * {@code input} with the answer columns appended ({@code answer}, {@code start}, {@code end},
   * {@code score}, {@code no_answer} and, when enabled, {@code nbest}); lazy, like any Spark
   * transformation.
   *
   * @throws IllegalArgumentException when a column is missing or not a string, or an output column
   *     already exists
   * @throws UncheckedIOException when the model is a file system location that does not exist or
   *     has no {@code config.json}
   */
  public Dataset<Row> transform(Dataset<Row> input) {
    return transform(input, UnaryOperator.identity());
  }

  /** {@link #transform} with the partition function wrapped; tests inject failures this way. */
  Dataset<Row> transform(
      Dataset<Row> input, UnaryOperator<MapPartitionsFunction<Row, Row>> wrapPartitionFunction) {
    StructType schema = input.schema();
    int[] indexes = {
      index(schema, idColumn, false),
      index(schema, questionColumn, true),
      index(schema, contextColumn, true)
    };
    StructType out = columns.appendTo(schema);
    Configuration conf = input.sparkSession().sparkContext().hadoopConfiguration();
    try {
      ModelLocation.checkExists(options.model(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    Broadcast<HadoopConf> shipped =
        JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext())
            .broadcast(new HadoopConf(new Configuration(conf)));
    MapPartitionsFunction<Row, Row> answer =
        new AnswerPartition(
            options, shipped, columns, indexes, questionColumn, contextColumn, questionsPerCall);
    return input.mapPartitions(wrapPartitionFunction.apply(answer), Encoders.row(out));
  }

  private static int index(StructType schema, String name, boolean mustBeString) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(name)) {
      throw new IllegalArgumentException("input has no column '" + name + "'; it has " + names);
    }
    StructField field = schema.apply(name);
    if (mustBeString && !field.dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          "column '" + name + "' must be a string, got " + field.dataType().simpleString());
    }
    return schema.fieldIndex(name);
  }

  /** Fluent configuration of a {@link SparkQuestionAnswerer}; defaults are qa4j's. */
  public static final class Builder {
    private String model;
    private String precision = AnswererFactory.FLOAT32;
    private String idColumn = "id";
    private String questionColumn = "question";
    private String contextColumn = "context";
    private int maxSeqLength = 384;
    private int stride = 128;
    private int windowBatchSize = 4;
    private int maxConcurrency = 2;
    private int questionsPerCall = 32;
    private int topK = 3;
    private int maxAnswerLength = 30;
    private boolean allowNoAnswer;
    private double nullScoreDiffThreshold;
    private boolean nBest;

    private Builder() {}

    /**
     * The fine-tuned model: a directory on a Hadoop file system that every executor can read,
     * written with its scheme ({@code file:/models/bert}, {@code hdfs://nn/models/bert}, {@code
     * s3a://bucket/bert}); or a name qa4j's resolver finds on each executor (a local directory
     * present on every node, a Hugging Face id, {@code maven:G:A:V}).
     */
    public Builder model(String location) {
      this.model = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * The arithmetic of matrix products: {@code fp32} (the default), {@code bf16} or {@code int8}.
     */
    public Builder precision(String value) {
      AnswererFactory.requireSupportedPrecision(value);
      this.precision = value;
      return this;
    }

    /** The input column with the row's id, used in error messages ({@code id}). */
    public Builder idColumn(String name) {
      this.idColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The input string column with the question ({@code question}). */
    public Builder questionColumn(String name) {
      this.questionColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The input string column with the passage, of any length ({@code context}). */
    public Builder contextColumn(String name) {
      this.contextColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Window length in tokens (384). */
    public Builder maxSeqLength(int value) {
      this.maxSeqLength = value;
      return this;
    }

    /** Context tokens shared by consecutive windows (128). */
    public Builder stride(int value) {
      this.stride = value;
      return this;
    }

    /** Windows per forward pass (4). */
    public Builder windowBatchSize(int value) {
      this.windowBatchSize = value;
      return this;
    }

    /**
     * Forward passes running at once in one executor, across its concurrent tasks (2); match it to
     * {@code spark.executor.cores} divided by the threads each forward pass uses.
     */
    public Builder maxConcurrency(int value) {
      this.maxConcurrency = value;
      return this;
    }

    /** Questions answered together within a partition; their windows share batches (32). */
    public Builder questionsPerCall(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("questionsPerCall must be > 0, got " + value);
      }
      this.questionsPerCall = value;
      return this;
    }

    /** Answers kept per question, the length of the {@code nbest} column (3). */
    public Builder topK(int value) {
      this.topK = value;
      return this;
    }

    /** Longest answer in tokens (30). */
    public Builder maxAnswerLength(int value) {
      this.maxAnswerLength = value;
      return this;
    }

    /** Whether "no answer" may win, for models trained on SQuAD v2 (false). */
    public Builder allowNoAnswer(boolean value) {
      this.allowNoAnswer = value;
      return this;
    }

    /** Margin by which "no answer" must beat the best span (0.0). */
    public Builder nullScoreDiffThreshold(double value) {
      this.nullScoreDiffThreshold = value;
      return this;
    }

    /** Whether to add the {@code nbest} column: the ranked candidates (false). */
    public Builder nBest(boolean value) {
      this.nBest = value;
      return this;
    }

    /**
     * Checks the options; loads nothing (each executor loads the model on its first task).
     *
     * @throws IllegalArgumentException when the model is missing or an option is out of range
     */
    public SparkQuestionAnswerer build() {
      if (model == null) {
        throw new IllegalArgumentException("model(location) is required");
      }
      return new SparkQuestionAnswerer(this);
    }
  }
}
