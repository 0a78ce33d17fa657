package io.github.qa4j.examples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.metrics.Coverage;
import io.github.qa4j.metrics.PredictionReader;
import io.github.qa4j.metrics.QuestionScore;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadMetric;
import io.github.qa4j.metrics.SquadResult;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qa evaluate}: the official SQuAD v1.1 / v2.0 numbers of a predictions file, printed as one
 * JSON object with the official keys.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores predictions against a SQuAD file as evaluate-v1.1.py / evaluate-v2.0.py do and prints"
          + " one JSON object with their keys (v1 keys for v1.1 data, v2 keys for v2.0 data).",
      "Missing predictions score 0 and are reported on stderr; predictions for unknown ids are"
          + " ignored and reported."
    })
public final class EvaluateCommand implements Callable<Integer> {

  private static final int LISTED_IDS = 5;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DEV.json",
      description = "SQuAD v1.1 or v2.0 JSON file with the gold answers (.gz allowed).")
  Path data;

  @Option(
      names = "--predictions",
      required = true,
      paramLabel = "PRED.json",
      description = "Predictions: a JSON object of question id to answer text.")
  Path predictions;

  @Option(
      names = "--na-prob",
      paramLabel = "NA.json",
      description = "No-answer probabilities: a JSON object of question id to number (squad_v2).")
  Path naProb;

  @Option(
      names = "--na-prob-thresh",
      defaultValue = "1.0",
      paramLabel = "P",
      description =
          "Score a question as 'no answer' when its no-answer probability exceeds P"
              + " (squad_v2).")
  double naProbThresh;

  @Option(
      names = "--metric",
      paramLabel = "METRIC",
      converter = MetricConverter.class,
      description = "squad or squad_v2 (default: from the data file's version).")
  SquadMetric metric;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the JSON object to FILE (atomically).")
  Path out;

  @Option(
      names = "--per-question",
      paramLabel = "FILE",
      description =
          "Write every question's scores to FILE as JSON lines (atomically), to see which failed.")
  Path perQuestion;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Parses {@code squad} / {@code squad_v2}. */
  static final class MetricConverter implements CommandLine.ITypeConverter<SquadMetric> {
    @Override
    public SquadMetric convert(String value) {
      try {
        return SquadMetric.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    CliChecks.requireFile(spec, "--data", data);
    CliChecks.requireFile(spec, "--predictions", predictions);
    CliChecks.requireFile(spec, "--na-prob", naProb);
    OutputGuard.of(spec)
        .input("--data", data)
        .input("--predictions", predictions)
        .input("--na-prob", naProb)
        .output("--out", out)
        .output("--per-question", perQuestion)
        .check();
    if (Double.isNaN(naProbThresh)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--na-prob-thresh must be a number, not NaN");
    }
    Map<String, List<String>> gold = SquadReader.goldAnswers(data);
    SquadMetric chosen = metric != null ? metric : metricOf(data);
    boolean thresholdGiven =
        spec.commandLine().getParseResult().hasMatchedOption("--na-prob-thresh");
    if (chosen == SquadMetric.SQUAD && (naProb != null || thresholdGiven)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--na-prob and --na-prob-thresh need the squad_v2 metric, but "
              + (metric != null ? "--metric squad was given" : data + " is SQuAD v1.1")
              + " (use --metric squad_v2)");
    }
    Map<String, String> predicted = PredictionReader.readPredictions(predictions);
    Map<String, Double> naProbs = naProb == null ? null : PredictionReader.readNaProbs(naProb);
    SquadResult result;
    try {
      result = SquadEvaluator.evaluate(chosen, gold, predicted, naProbs, naProbThresh);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot evaluate "
              + predictions
              + (naProb == null ? "" : " with " + naProb)
              + " against "
              + data
              + ": "
              + e.getMessage(),
          e);
    }
    report(result.coverage(), gold.size(), spec.commandLine().getErr());
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(result.toMap());
    if (out != null) {
      AtomicFiles.writeString(out, json + "\n");
    }
    if (perQuestion != null) {
      writePerQuestion(perQuestion, result);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(json);
    stdout.flush();
    return 0;
  }

  private static SquadMetric metricOf(Path data) throws IOException {
    return SquadReader.detectVersion(data) == SquadVersion.V2_0
        ? SquadMetric.SQUAD_V2
        : SquadMetric.SQUAD;
  }

  private static void report(Coverage coverage, int questions, PrintWriter err) {
    List<String> missing = coverage.missingPredictions();
    if (!missing.isEmpty()) {
      err.println(
          "qa evaluate: "
              + missing.size()
              + " of "
              + questions
              + " questions have no prediction and score 0: "
              + listed(missing));
    }
    List<String> unknown = coverage.unknownPredictions();
    if (!unknown.isEmpty()) {
      err.println(
          "qa evaluate: ignored "
              + unknown.size()
              + " prediction(s) for ids not in the data: "
              + listed(unknown));
    }
    err.flush();
  }

  private static String listed(List<String> ids) {
    String shown = String.join(", ", ids.subList(0, Math.min(LISTED_IDS, ids.size())));
    return ids.size() > LISTED_IDS ? shown + ", ..." : shown;
  }

  private static void writePerQuestion(Path file, SquadResult result) throws IOException {
    boolean v2 = result.metric() == SquadMetric.SQUAD_V2;
    Gson gson = new Gson();
    AtomicFiles.write(
        file,
        out -> {
          for (QuestionScore q : result.questions()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", q.id());
            line.put("answerable", q.answerable());
            line.put("missing", q.missing());
            line.put("exact", q.exact());
            line.put("f1", q.f1());
            if (v2) {
              line.put("raw_exact", q.rawExact());
              line.put("raw_f1", q.rawF1());
              q.naProb().ifPresent(p -> line.put("na_prob", p));
              line.put("abstained", q.abstained());
            }
            out.write((gson.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8));
          }
        });
  }
}
