package io.github.qa4j.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A prediction or no-answer probability file that is not what the evaluator reads. */
public final class PredictionFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String entry;

  /**
   * @param file the file
   * @param entry the id of the offending entry, or {@code null} when the problem is not in one
   * @param problem what is wrong, without the file and entry
   * @param cause the parser's exception, or {@code null}
   */
  PredictionFormatException(Path file, String entry, String problem, Throwable cause) {
    super(file + (entry == null ? "" : ": entry '" + entry + "'") + ": " + problem, cause);
    this.file = file;
    this.entry = entry;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The id of the offending entry, when the problem is in one. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }
}
