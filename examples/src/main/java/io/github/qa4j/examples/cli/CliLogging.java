package io.github.qa4j.examples.cli;

import java.util.Arrays;

/**
 * Sets up the command line's logging backend, SLF4J's simple logger, which reads its settings from
 * system properties once, when the first logger is created: so this runs first thing in {@link
 * QaCommand#main}. Lines go to stderr, leaving stdout to the commands' output. qa4j logs at info
 * (model resolution, downloads, conversions, weights loading), DJL at warn; {@code --verbose} turns
 * both to debug. A {@code -Dorg.slf4j.simpleLogger...} property given on the java command line wins
 * over these defaults.
 */
final class CliLogging {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private CliLogging() {}

  /** Configures the backend for a run with these arguments. */
  static void configure(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    setDefault("logFile", "System.err");
    setDefault("defaultLogLevel", verbose ? "debug" : "info");
    setDefault("log.ai.djl", verbose ? "debug" : "warn");
    setDefault("showDateTime", "true");
    setDefault("dateTimeFormat", "HH:mm:ss");
    setDefault("showThreadName", "false");
    setDefault("showShortLogName", "true");
    setDefault("levelInBrackets", "true");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
