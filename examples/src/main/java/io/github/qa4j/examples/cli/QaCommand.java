package io.github.qa4j.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code qa} command line: {@code java -jar examples/target/qa.jar --help}.
 *
 * <p>User errors (bad flags, missing or malformed files) print one line on stderr and exit
 * non-zero; {@code --verbose} adds the stack trace and debug logging (see {@link CliLogging}).
 */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    version = "qa4j 0.1.0-SNAPSHOT",
    description = "Extractive question answering: featurize, train, decode, evaluate, predict.",
    subcommands = {
      QuickstartCommand.class,
      RunQaCommand.class,
      RunQaBeamSearchCommand.class,
      PredictCommand.class,
      EvaluateCommand.class,
      FeaturesCommand.class,
      DecodeCommand.class,
      ConvertCommand.class,
      CommandLine.HelpCommand.class
    })
public final class QaCommand implements Runnable {

  /** Exit code for bad arguments. */
  public static final int USAGE_ERROR = 2;

  /** Exit code for a failure while running (bad input file, I/O error). */
  public static final int RUN_ERROR = 1;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors, and log at debug level.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with qa4j's error handling, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new QaCommand());
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println(
              "qa: "
                  + ex.getMessage()
                  + " (see '"
                  + ex.getCommandLine().getCommandName()
                  + " --help')");
          return USAGE_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          boolean verbose =
              parseResult.hasMatchedOption("--verbose")
                  || parseResult.subcommands().stream()
                      .anyMatch(s -> s.hasMatchedOption("--verbose"));
          err.println("qa: " + describe(ex));
          if (verbose) {
            ex.printStackTrace(err);
          }
          return RUN_ERROR;
        });
    return cli;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    CliLogging.configure(args);
    System.exit(commandLine().execute(args));
  }
}
