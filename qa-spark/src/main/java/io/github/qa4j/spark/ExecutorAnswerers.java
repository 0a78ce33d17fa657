package io.github.qa4j.spark;

import io.github.qa4j.core.inference.QuestionAnswerer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The answerers of this JVM (one Spark executor, or the driver in local mode): one per {@link
 * AnswererOptions}, loaded by the first task that needs it and shared by all later tasks, which
 * call it concurrently (a {@link QuestionAnswerer} is thread-safe). A shutdown hook closes them
 * when the executor's JVM stops.
 */
final class ExecutorAnswerers {

  private static final Map<AnswererOptions, QuestionAnswerer> ANSWERERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorAnswerers::closeAll, "qa4j-spark-close-answerers"));
  }

  private ExecutorAnswerers() {}

  /**
   * This JVM's answerer for {@code options}, loading it on first use (its model copied from a file
   * system location into the local temporary directory first).
   *
   * @throws IllegalStateException naming the model location when it cannot be loaded; nothing is
   *     cached then, so a retried task tries again
   */
  static QuestionAnswerer get(AnswererOptions options, Configuration conf) {
    return ANSWERERS.computeIfAbsent(options, o -> load(o, conf));
  }

  private static QuestionAnswerer load(AnswererOptions options, Configuration conf) {
    try {
      Path localRoot = Path.of(System.getProperty("java.io.tmpdir"), "qa4j-spark-models");
      String local = ModelLocation.stage(options.model(), conf, localRoot);
      return AnswererFactory.open(options.withModel(local));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "qa4j could not load the model " + options.model() + ": " + e.getMessage(), e);
    }
  }

  /** Closes and forgets every answerer (each waits for its calls in flight). */
  static void closeAll() {
    List<QuestionAnswerer> open = new ArrayList<>(ANSWERERS.values());
    ANSWERERS.clear();
    for (QuestionAnswerer qa : open) {
      qa.close();
    }
  }
}
