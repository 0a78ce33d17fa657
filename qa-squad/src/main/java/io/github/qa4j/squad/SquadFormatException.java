package io.github.qa4j.squad;

import java.io.IOException;

/** A SQuAD file that is malformed or whose answers do not match their contexts. */
public final class SquadFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming the file, the question or field, and the value. */
  public SquadFormatException(String message) {
    super(message);
  }

  /** An error caused by the JSON parser. */
  public SquadFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
