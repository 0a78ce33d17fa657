package io.github.qa4j.examples.programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} arguments of the example programs: every name must be one the program
 * knows, and a value that is missing or not a number is an error naming the flag.
 */
final class ProgramArgs {

  private final Map<String, String> values = new HashMap<>();

  private ProgramArgs() {}

  /**
   * Reads {@code --name value} pairs.
   *
   * @param known the names the program takes
   * @throws IllegalArgumentException on an unknown name or a name without a value
   */
  static ProgramArgs parse(String[] args, Set<String> known) {
    ProgramArgs parsed = new ProgramArgs();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown argument " + name + "; expected one of " + known);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      parsed.values.put(name, args[i + 1]);
    }
    return parsed;
  }

  /** The value of {@code name}, or {@code fallback} when it was not given. */
  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The value of a flag that must be given. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }

  /** An existing file named by a flag that must be given. */
  Path existingFile(String name) {
    Path file = Path.of(required(name));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(name + " " + file + ": no such file");
    }
    return file;
  }

  /** An integer flag. */
  int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }

  /** A number flag. */
  double number(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
    }
  }

  /** Whether {@code name} was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }
}
