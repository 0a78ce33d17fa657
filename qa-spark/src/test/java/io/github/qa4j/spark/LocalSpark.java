package io.github.qa4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark session, one per test JVM (Spark allows one context per JVM): two task threads,
 * and {@code local[2,2]} lets a failed task be retried once, as {@code spark.task.maxFailures} does
 * on a cluster (plain {@code local[2]} never retries). No UI, loopback only, small shuffles.
 */
final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("qa-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
