package io.github.qa4j.examples.cli;

import io.github.qa4j.core.train.MetricsFileListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where {@code run-qa} reports the training log besides {@code trainer_state.json}: transformers'
 * {@code --report_to}, with the integrations qa4j has (files of {@link MetricsFileListener}).
 */
final class ReportFlags {

  /** The file name used without {@code --run_name}. */
  static final String DEFAULT_NAME = "metrics";

  @Option(
      names = "--report_to",
      split = ",",
      paramLabel = "none|jsonl|csv|all",
      description =
          "Where the log, evaluations and summary also go: jsonl and csv write RUN_NAME.jsonl and"
              + " RUN_NAME.csv in --logging_dir, all both; other integrations (tensorboard, wandb)"
              + " are ignored with a warning.")
  List<String> reportTo = new ArrayList<>(List.of("none"));

  @Option(
      names = "--logging_dir",
      description = "Folder of the --report_to files (default: --output_dir).")
  Path loggingDir;

  @Option(
      names = "--run_name",
      description = "Name of the run: the stem of the --report_to files (default: metrics).")
  String runName;

  /**
   * Opens a listener for each file asked for, in {@code --logging_dir} or {@code outputDir}; warns
   * on stderr about integrations that qa4j does not have.
   */
  List<MetricsFileListener> open(Path outputDir, PrintWriter err) throws IOException {
    Set<String> wanted = new LinkedHashSet<>();
    for (String value : reportTo) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      switch (v) {
        case "none", "" -> {}
        case "all" -> wanted.addAll(List.of("jsonl", "csv"));
        case "jsonl", "csv" -> wanted.add(v);
        default ->
            err.println(
                "qa: ignoring --report_to " + value + ": qa4j reports to jsonl and csv files only");
      }
    }
    Path dir = loggingDir != null ? loggingDir : outputDir;
    String stem = runName != null && !runName.isBlank() ? runName.strip() : DEFAULT_NAME;
    List<MetricsFileListener> listeners = new ArrayList<>();
    for (String format : wanted) {
      Path file = dir.resolve(stem + "." + format);
      listeners.add(
          format.equals("csv")
              ? MetricsFileListener.csv(file)
              : MetricsFileListener.jsonLines(file));
    }
    return listeners;
  }
}
