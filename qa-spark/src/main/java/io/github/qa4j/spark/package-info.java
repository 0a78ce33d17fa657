/**
 * qa4j on Apache Spark: {@link io.github.qa4j.spark.SparkQuestionAnswerer} answers the questions of
 * a {@code Dataset<Row>} with one {@link io.github.qa4j.core.inference.QuestionAnswerer} per
 * executor JVM, keeping every window of long contexts; {@link io.github.qa4j.spark.SquadOnSpark}
 * predicts a SQuAD file on Spark and scores it with the official metrics.
 */
package io.github.qa4j.spark;
