package io.github.qa4j.examples.bench;

import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every model benchmark shares: the shape of its random batch, how many runs it times, and the
 * engine line its report starts with. A subclass whose documented default batch differs sets {@link
 * #batch} in its constructor, before picocli reads the defaults.
 */
abstract class ModelBenchmark implements Callable<Integer> {

  @Option(names = "--batch", description = "Windows per batch (default ${DEFAULT-VALUE}).")
  int batch = 4;

  @Option(names = "--seq", description = "Tokens per window (default ${DEFAULT-VALUE}).")
  int seqLen = 384;

  @Option(names = "--warmup", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
  int warmup = 1;

  @Option(names = "--runs", description = "Timed runs (default ${DEFAULT-VALUE}).")
  int runs = 2;

  @Spec CommandSpec spec;

  /**
   * Stops with a usage error naming {@code --seq} when the windows are shorter than the random
   * batch needs (its question, its label range), instead of a failure deep inside batch making.
   */
  void requireSeqAtLeast(int shortest) {
    if (seqLen < shortest) {
      throw new ParameterException(
          spec.commandLine(),
          "--seq " + seqLen + ": " + spec.name() + " needs at least " + shortest + " tokens");
    }
  }

  /** Runs {@code action} {@link #warmup} times untimed, then {@link #runs} times timed. */
  Timings time(Runnable action) {
    return Timings.measure(warmup, runs, action);
  }

  /** Prints which engine runs and how many processors the JVM sees, and returns the engine. */
  static Engine announceEngine() {
    Engine engine = Engine.getInstance();
    System.out.printf(
        "engine %s %s, %d processors visible to the JVM%n",
        engine.getEngineName(), engine.getVersion(), Runtime.getRuntime().availableProcessors());
    return engine;
  }
}
