/**
 * The {@code qa-spark} command line: {@code java -jar qa-spark/target/qa-spark.jar --help}, or
 * {@code spark-submit --class io.github.qa4j.spark.cli.QaSparkCommand qa-spark-submit.jar}.
 */
package io.github.qa4j.spark.cli;
