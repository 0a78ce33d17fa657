package io.github.qa4j.metrics;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON files of the official scripts: predictions ({@code {"id": "answer text", ...}}, as
 * {@code run_qa.py} writes {@code predictions.json}) and no-answer probabilities ({@code {"id":
 * 0.93, ...}}). Both keep file order, which the v2.0 threshold search needs.
 *
 * <p>Stricter than Python's {@code json.load}, so that no problem passes silently: the file must be
 * UTF-8 and standard JSON (no NaN or Infinity), one object, each id once (Python would keep the
 * last value of a repeated id), texts must be strings and probabilities numbers (Python would fail
 * later, or compare {@code true} as 1). Errors name the file and the entry.
 */
public final class PredictionReader {

  private PredictionReader() {}

  /** Reads a predictions file: id to predicted answer text. */
  public static Map<String, String> readPredictions(Path file) throws IOException {
    return readObject(
        file,
        "a string (the predicted answer text)",
        reader -> {
          if (reader.peek() != JsonToken.STRING) {
            return null;
          }
          return reader.nextString();
        });
  }

  /** Reads a no-answer probability file: id to the probability that it has no answer. */
  public static Map<String, Double> readNaProbs(Path file) throws IOException {
    return readObject(
        file,
        "a number (the no-answer probability)",
        reader -> {
          if (reader.peek() != JsonToken.NUMBER) {
            return null;
          }
          return reader.nextDouble();
        });
  }

  @FunctionalInterface
  private interface ValueReader<T> {
    /** The value, or {@code null} (nothing consumed) when it has the wrong type. */
    T read(JsonReader reader) throws IOException;
  }

  private static <T> Map<String, T> readObject(Path file, String expected, ValueReader<T> values)
      throws IOException {
    Map<String, T> map = new LinkedHashMap<>();
    String entry = null;
    // Opened outside the try below: a missing or unreadable file is reported as such.
    Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try (JsonReader reader = new JsonReader(in)) {
      reader.setStrictness(Strictness.STRICT);
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw new PredictionFormatException(
            file, null, "expected a JSON object of id to value, found " + describe(reader), null);
      }
      reader.beginObject();
      while (reader.hasNext()) {
        entry = reader.nextName();
        T value = values.read(reader);
        if (value == null) {
          throw new PredictionFormatException(
              file, entry, "expected " + expected + ", found " + describe(reader), null);
        }
        if (map.putIfAbsent(entry, value) != null) {
          throw new PredictionFormatException(file, entry, "the id occurs more than once", null);
        }
      }
      reader.endObject();
      entry = null;
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new PredictionFormatException(file, null, "content after the JSON object", null);
      }
    } catch (PredictionFormatException e) {
      throw e;
    } catch (CharacterCodingException e) {
      // Files.newBufferedReader decodes strictly: a malformed byte fails, never becomes U+FFFD.
      throw new PredictionFormatException(file, entry, "not UTF-8 text", e);
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // Gson reports syntax errors as MalformedJsonException (an IOException) with a position.
      throw new PredictionFormatException(file, entry, syntaxProblem(e), e);
    }
    return map;
  }

  /** Gson's message without its advice to parse leniently and its link. */
  private static String syntaxProblem(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    String advice = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";
    if (message.startsWith(advice)) {
      return "malformed JSON" + message.substring(advice.length());
    }
    return "malformed JSON: " + message;
  }

  private static String describe(JsonReader reader) throws IOException {
    JsonToken token = reader.peek();
    return switch (token) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      default -> token.toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
