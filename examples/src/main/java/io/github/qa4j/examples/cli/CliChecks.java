package io.github.qa4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Argument checks shared by the subcommands: each failure is a usage error (exit 2) whose message
 * names the flag, the value given and what was expected.
 */
final class CliChecks {

  private CliChecks() {}

  /** {@code file}, named by {@code flag}, must be a readable regular file. */
  static void requireFile(CommandSpec spec, String flag, Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw usage(spec, flag + " " + file + ": is a folder, expected a file");
    }
    if (!Files.exists(file)) {
      throw usage(spec, flag + " " + file + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw usage(spec, flag + " " + file + ": cannot be read (permission denied)");
    }
  }

  /** {@code value}, given by {@code flag}, must be at least {@code min}. */
  static void atLeast(CommandSpec spec, String flag, long value, long min) {
    if (value < min) {
      throw usage(spec, flag + " must be at least " + min + ", got " + value);
    }
  }

  /** {@code value}, given by {@code flag}, must be a finite number in {@code [min, max]}. */
  static void between(CommandSpec spec, String flag, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw usage(
          spec,
          flag
              + " must be "
              + (max == Double.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
              + ", got "
              + value);
    }
  }

  /** {@code value}, given by {@code flag}, must be a finite number above 0. */
  static void positive(CommandSpec spec, String flag, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw usage(spec, flag + " must be a number above 0, got " + value);
    }
  }

  /**
   * The window flags: a length that leaves context tokens beyond the stride and the 3 special
   * tokens that BERT and XLNet windows hold.
   */
  static void window(
      CommandSpec spec, String lengthFlag, int length, String strideFlag, int stride) {
    atLeast(spec, lengthFlag, length, 1);
    atLeast(spec, strideFlag, stride, 0);
    if (length - stride - SPECIAL_TOKENS < 1) {
      throw usage(
          spec,
          lengthFlag
              + " "
              + length
              + " leaves no room for context tokens beyond "
              + strideFlag
              + " "
              + stride
              + " and "
              + SPECIAL_TOKENS
              + " special tokens: give "
              + lengthFlag
              + " above "
              + (stride + SPECIAL_TOKENS)
              + " or a smaller "
              + strideFlag);
    }
  }

  /** Special tokens in a BERT ({@code [CLS] [SEP] [SEP]}) or XLNet window. */
  private static final int SPECIAL_TOKENS = 3;

  /** A usage error (exit 2) with {@code message}. */
  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
