package io.github.qa4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a command whose outputs would overwrite one of its inputs, or each other, before anything
 * is read or written: {@code qa features --data d.json --out d.json} must not turn the SQuAD file
 * into JSONL. Paths are compared after resolving symbolic links, so a link to an input counts as
 * the input.
 *
 * <pre>{@code
 * OutputGuard.of(spec).input("--data", data).output("--out", out).check();
 * }</pre>
 */
final class OutputGuard {

  private final CommandSpec spec;
  private final Map<String, Path> inputs = new LinkedHashMap<>();
  private final List<Map.Entry<String, Path>> outputs = new ArrayList<>();

  private OutputGuard(CommandSpec spec) {
    this.spec = spec;
  }

  /** A check for the command {@code spec}. */
  static OutputGuard of(CommandSpec spec) {
    return new OutputGuard(spec);
  }

  /** Adds an input file named by {@code flag}; null (flag not given) is skipped. */
  OutputGuard input(String flag, Path file) {
    if (file != null) {
      inputs.put(flag, file);
    }
    return this;
  }

  /** Adds an output file named by {@code flag}; null (flag not given) is skipped. */
  OutputGuard output(String flag, Path file) {
    if (file != null) {
      outputs.add(Map.entry(flag, file));
    }
    return this;
  }

  /** Adds the files {@code names} that the command writes into the folder given by {@code flag}. */
  OutputGuard outputsIn(String flag, Path dir, List<String> names) {
    if (dir != null) {
      names.forEach(n -> outputs.add(Map.entry(flag + " (" + n + ")", dir.resolve(n))));
    }
    return this;
  }

  /** Throws a usage error naming both flags and the path when an output is an input or repeats. */
  void check() {
    Map<Path, String> seen = new LinkedHashMap<>();
    inputs.forEach((flag, file) -> seen.putIfAbsent(canonical(file), flag));
    for (Map.Entry<String, Path> out : outputs) {
      Path key = canonical(out.getValue());
      String earlier = seen.get(key);
      if (earlier != null) {
        boolean isInput = inputs.containsKey(earlier);
        throw new ParameterException(
            spec.commandLine(),
            out.getKey()
                + " "
                + out.getValue()
                + (isInput ? " is the input " : " is also the output ")
                + earlier
                + (key.equals(out.getValue().toAbsolutePath().normalize())
                    ? ""
                    : " (both resolve to " + key + ")")
                + (isInput
                    ? "; writing it would destroy the input: choose another output file"
                    : "; choose different output files"));
      }
      seen.put(key, out.getKey());
    }
  }

  /**
   * The path with every symbolic link resolved; for a file that does not exist yet, its deepest
   * existing parent is resolved and the rest appended.
   */
  static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
