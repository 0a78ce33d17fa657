package io.github.qa4j.examples.programs;

import com.google.gson.GsonBuilder;
import io.github.qa4j.metrics.PredictionReader;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadMetric;
import io.github.qa4j.metrics.SquadResult;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a predictions file with the official SQuAD metrics, as {@code evaluate-v1.1.py} and {@code
 * evaluate-v2.0.py} do; works for predictions made by any system.
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.programs.EvaluatePredictions \
 *     --data dev-v2.0.json --predictions predictions.json --na-prob null_odds.json
 * {"exact": 66.3, "f1": 69.5, "total": 11873, "HasAns_exact": ..., ...}
 * </pre>
 *
 * <p>The predictions are {@code {"question id": "answer text", ...}}; the data file says which
 * metric applies (v1.1 or v2.0). For v2.0 an optional {@code --na-prob} file gives each question's
 * probability of having no answer, with {@code --na-prob-thresh} (1.0) as the official script takes
 * them; the result then includes the best thresholds.
 */
public final class EvaluatePredictions {

  private EvaluatePredictions() {}

  /**
   * Prints the metrics as JSON.
   *
   * @param args {@code --data FILE} (SQuAD JSON with the gold answers), {@code --predictions FILE};
   *     optionally {@code --na-prob FILE} and {@code --na-prob-thresh} (1.0), SQuAD v2.0 only
   */
  public static void main(String[] args) throws IOException {
    System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(run(args).toMap()));
  }

  /** Scores as {@link #main} does; returns the result. */
  public static SquadResult run(String[] args) throws IOException {
    ProgramArgs a =
        ProgramArgs.parse(args, Set.of("--data", "--predictions", "--na-prob", "--na-prob-thresh"));
    Path data = a.existingFile("--data");
    Map<String, List<String>> gold = SquadReader.goldAnswers(data);
    Map<String, String> predictions =
        PredictionReader.readPredictions(a.existingFile("--predictions"));
    boolean v2 = SquadReader.detectVersion(data) == SquadVersion.V2_0;
    if (!v2 && a.has("--na-prob")) {
      throw new IllegalArgumentException(
          "--na-prob needs SQuAD v2.0 data, but " + data + " is v1.1");
    }
    Map<String, Double> naProbs =
        a.has("--na-prob") ? PredictionReader.readNaProbs(a.existingFile("--na-prob")) : null;
    return SquadEvaluator.evaluate(
        v2 ? SquadMetric.SQUAD_V2 : SquadMetric.SQUAD,
        gold,
        predictions,
        naProbs,
        a.number("--na-prob-thresh", 1.0));
  }
}
