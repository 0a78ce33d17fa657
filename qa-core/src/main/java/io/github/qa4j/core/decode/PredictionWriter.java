package io.github.qa4j.core.decode;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes predictions as Hugging Face's question-answering scripts do: {@code predictions.json}
 * ({@code {id: answer}}), {@code nbest_predictions.json} ({@code {id: [{start_logit, end_logit,
 * text, probability}]}}, or {@code start_log_prob}/{@code end_log_prob} for beam search) and, when
 * the predictions carry null odds, {@code null_odds.json} ({@code {id: odds}}).
 *
 * <p>Objects are indented by four spaces and keep the order of the predictions. Scores are written
 * as the doubles their float32 values convert to, as Python's {@code float()} does; infinite scores
 * as {@code Infinity}/{@code -Infinity}, as Python's {@code json} module does. Each file is written
 * atomically: a reader sees the old file or the complete new one. The files are written as a set:
 * when one cannot be written, none of them is replaced.
 */
public final class PredictionWriter {

  /** The base name of the answers file. */
  public static final String PREDICTIONS = "predictions.json";

  /** The base name of the n-best file. */
  public static final String NBEST = "nbest_predictions.json";

  /** The base name of the null odds file. */
  public static final String NULL_ODDS = "null_odds.json";

  private PredictionWriter() {}

  /**
   * The name of a file with an optional prefix, joined as Hugging Face joins it: {@code
   * fileName("eval", "predictions.json")} is {@code eval_predictions.json}.
   *
   * @param prefix the prefix, or {@code null} or empty for none
   * @param base one of the base names above
   */
  public static String fileName(String prefix, String base) {
    return prefix == null || prefix.isEmpty() ? base : prefix + "_" + base;
  }

  /**
   * Where each file goes.
   *
   * @param predictions the answers file
   * @param nBest the n-best file, or {@code null} to write none
   * @param nullOdds the null odds file, written only when the predictions carry null odds
   */
  public record Targets(Path predictions, Path nBest, Path nullOdds) {

    /** Checks the required files. */
    public Targets {
      Objects.requireNonNull(predictions, "predictions");
      Objects.requireNonNull(nullOdds, "nullOdds");
    }

    /** The three files in {@code dir}, with an optional prefix (see {@link #fileName}). */
    public static Targets in(Path dir, String prefix) {
      return new Targets(
          dir.resolve(fileName(prefix, PREDICTIONS)),
          dir.resolve(fileName(prefix, NBEST)),
          dir.resolve(fileName(prefix, NULL_ODDS)));
    }
  }

  /**
   * Writes the files into {@code dir}, creating it if needed.
   *
   * @param dir the output folder
   * @param prefix a file name prefix (see {@link #fileName}), or {@code null}
   * @param kind what the n-best scores are, which names them
   * @param predictions one prediction per question
   * @return the files written
   * @throws IllegalArgumentException when a question id repeats, or only some predictions carry
   *     null odds
   * @throws IOException when a file cannot be written
   */
  public static List<Path> write(
      Path dir, String prefix, ScoreKind kind, List<Prediction> predictions) throws IOException {
    return write(Targets.in(dir, prefix), kind, predictions);
  }

  /**
   * Writes the files where {@code targets} says.
   *
   * @param targets the files
   * @param kind what the n-best scores are, which names them
   * @param predictions one prediction per question
   * @return the files written
   * @throws IllegalArgumentException when a question id repeats, or only some predictions carry
   *     null odds
   * @throws IOException when a file cannot be written
   */
  public static List<Path> write(Targets targets, ScoreKind kind, List<Prediction> predictions)
      throws IOException {
    boolean withNullOdds = checkNullOdds(predictions);
    Set<String> ids = new HashSet<>();
    for (Prediction p : predictions) {
      if (!ids.add(p.exampleId())) {
        throw new IllegalArgumentException(
            "two predictions for question '" + p.exampleId() + "': one file entry would be lost");
      }
    }
    Map<Path, AtomicFiles.Writer> files = new LinkedHashMap<>();
    files.put(
        targets.predictions(),
        json(
            json -> {
              for (Prediction p : predictions) {
                json.name(p.exampleId()).value(p.text());
              }
            }));
    if (targets.nBest() != null) {
      files.put(
          targets.nBest(),
          json(
              json -> {
                for (Prediction p : predictions) {
                  json.name(p.exampleId()).beginArray();
                  for (NBestEntry e : p.nBest()) {
                    json.beginObject();
                    json.name(kind.startKey()).value((double) e.startScore());
                    json.name(kind.endKey()).value((double) e.endScore());
                    json.name("text").value(e.text());
                    json.name("probability").value((double) e.probability());
                    json.endObject();
                  }
                  json.endArray();
                }
              }));
    }
    if (withNullOdds) {
      files.put(
          targets.nullOdds(),
          json(
              json -> {
                for (Prediction p : predictions) {
                  json.name(p.exampleId()).value((double) p.nullOdds());
                }
              }));
    }
    // One set: a failure in any file leaves every target as it was.
    AtomicFiles.writeAll(files);
    return List.copyOf(files.keySet());
  }

  private static boolean checkNullOdds(List<Prediction> predictions) {
    long with = predictions.stream().filter(p -> p.nullOdds() != null).count();
    if (with != 0 && with != predictions.size()) {
      throw new IllegalArgumentException(
          with
              + " of "
              + predictions.size()
              + " predictions carry null odds: decode all of them with the same SQuAD version");
    }
    return with != 0;
  }

  @FunctionalInterface
  private interface Members {
    void write(JsonWriter json) throws IOException;
  }

  private static AtomicFiles.Writer json(Members members) {
    return (OutputStream out) -> {
      // JsonWriter writes many short strings; buffering chars spares the encoder per write.
      Writer text =
          new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      JsonWriter json = new JsonWriter(text);
      json.setIndent("    ");
      json.setHtmlSafe(false);
      json.setStrictness(Strictness.LENIENT);
      json.beginObject();
      members.write(json);
      json.endObject();
      json.flush();
      text.write('\n');
      text.flush();
    };
  }
}
