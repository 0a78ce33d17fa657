package io.github.qa4j.examples.cli;

import com.google.common.base.Stopwatch;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.PredictionWriter;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.inference.PredictionProgress;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.ModelFit;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qa predict}: answers one question over a passage with a fine-tuned model, printing JSON;
 * or, with {@code --data}, every question of a SQuAD file, writing SQuAD-format predictions that
 * {@code qa evaluate} scores: the answers the trainer's evaluation gives with the same settings.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Answer a question over a passage of any length with a fine-tuned model; prints JSON.",
      "With --data: answer every question of a SQuAD file and write predictions.json (and"
          + " null_odds.json with --allow-no-answer) for qa evaluate."
    })
public final class PredictCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "Fine-tuned model: directory, Hub name or maven:G:A:V.")
  String model;

  @Option(names = "--question", description = "The question (without --data).")
  String question;

  @ArgGroup(multiplicity = "0..1")
  Context context;

  static final class Context {
    @Option(names = "--context", required = true, description = "The passage.")
    String text;

    @Option(
        names = {"--context-file", "--context_file"},
        required = true,
        description = "A UTF-8 file holding the passage.")
    Path file;
  }

  @Option(
      names = "--data",
      paramLabel = "SQUAD.json",
      description = "Answer every question of this SQuAD v1.1 or v2.0 file (.gz allowed).")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "predictions.json",
      description = "With --data: the predictions file ({id: answer}).")
  Path out;

  @Option(
      names = "--nbest-out",
      paramLabel = "FILE",
      description = "With --data: also write the n-best lists here.")
  Path nBestOut;

  @Option(
      names = "--null-odds-out",
      paramLabel = "FILE",
      description =
          "With --data and --allow-no-answer: the null odds file (default: null_odds.json beside"
              + " --out).")
  Path nullOddsOut;

  @Option(
      names = "--batch-size",
      defaultValue = "" + QuestionAnswerer.DEFAULT_BATCH_SIZE,
      description = "Windows per forward pass.")
  int batchSize;

  @Option(names = "--top-k", defaultValue = "3", description = "Answers to print.")
  int topK;

  @Mixin WindowFlags window;

  @Mixin DecodingFlags decoding;

  @Option(
      names = "--allow-no-answer",
      description = "Let \"no answer\" win (models trained on SQuAD v2).")
  boolean allowNoAnswer;

  @Option(
      names = {"--precision"},
      defaultValue = "fp32",
      converter = PrecisionConverter.class,
      description = "Matrix products: fp32, bf16 or int8.")
  Precision precision;

  @Option(
      names = {"--pad-to-max-length", "--pad_to_max_length"},
      description =
          "Pad every batch to --max-seq-length (default: pad to the longest window, which gives"
              + " the same answers faster).")
  boolean padToMaxLength;

  @Override
  public Integer call() throws IOException {
    CliChecks.atLeast(spec, "--top-k", topK, 1);
    CliChecks.atLeast(spec, "--batch-size", batchSize, 1);
    decoding.check(spec);
    if (data != null) {
      if (question != null || context != null) {
        throw CliChecks.usage(
            spec, "--data answers the questions of a file: give no --question or --context");
      }
      if (out == null) {
        throw CliChecks.usage(spec, "--data needs --out, the predictions file to write");
      }
      CliChecks.requireFile(spec, "--data", data);
      return predictFile();
    }
    for (String flag : List.of("--out", "--nbest-out", "--null-odds-out")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw CliChecks.usage(spec, flag + " is for --data: without it the answers are printed");
      }
    }
    if (question == null || context == null) {
      throw CliChecks.usage(
          spec, "give --question with --context or --context-file, or --data with --out");
    }
    if (question.isBlank()) {
      throw CliChecks.usage(spec, "--question is empty: give the question to answer");
    }
    CliChecks.requireFile(spec, "--context-file", context.file);
    String passage = context.text != null ? context.text : readContext(context.file);
    List<RankedAnswer> answers;
    try (QuestionAnswerer qa = answerer()) {
      answers = qa.answer(question, passage);
    }
    JsonArray list = new JsonArray();
    for (RankedAnswer a : answers) {
      JsonObject o = new JsonObject();
      o.addProperty("answer", a.text());
      o.addProperty("start", a.start());
      o.addProperty("end", a.end());
      number(o, "score", a.score());
      number(o, "logit_score", a.logitScore());
      o.addProperty("no_answer", a.noAnswer());
      list.add(o);
    }
    JsonObject result = new JsonObject();
    result.addProperty("question", question);
    result.add("answers", list);
    spec.commandLine()
        .getOut()
        .println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
    return 0;
  }

  /** Answers every question of {@code --data}; files are written only once all are answered. */
  private int predictFile() throws IOException {
    Path nullOdds =
        nullOddsOut != null
            ? nullOddsOut
            : out.toAbsolutePath().resolveSibling(PredictionWriter.NULL_ODDS);
    OutputGuard guard =
        OutputGuard.of(spec)
            .input("--data", data)
            .output("--out", out)
            .output("--nbest-out", nBestOut);
    if (allowNoAnswer) {
      guard.output("--null-odds-out", nullOdds);
    }
    guard.check();
    List<QaExample> examples = SquadReader.strict().read(data).examples();
    if (examples.isEmpty()) {
      // A file problem, not a usage one: exit 1 as for any unreadable input.
      throw new IOException("--data " + data + ": the SQuAD file holds no questions");
    }
    Stopwatch watch = Stopwatch.createStarted();
    try (QuestionAnswerer qa = answerer()) {
      List<Prediction> predictions =
          qa.predict(examples, new Progress(spec.commandLine().getErr()));
      PredictionWriter.write(
          new PredictionWriter.Targets(out, nBestOut, nullOdds),
          qa.model().headType().scoreKind(),
          predictions);
    }
    spec.commandLine()
        .getErr()
        .printf(
            Locale.ROOT,
            "qa: answered %d questions of %s in %.1f s; predictions in %s%n",
            examples.size(),
            data,
            watch.elapsed(TimeUnit.MILLISECONDS) / 1e3,
            out);
    return 0;
  }

  private QuestionAnswerer answerer() throws IOException {
    Path modelDir = ModelResolver.defaults().resolve(model);
    // The window defaults to what the model supports: a model with 64 positions gets 64 tokens.
    int maxSeqLength =
        window.length(
            Math.min(
                WindowFlags.DEFAULT_LENGTH,
                ModelFit.maxWindow(QaModels.readConfig(modelDir.resolve("config.json")))
                    .orElse(Integer.MAX_VALUE)));
    window.check(spec, maxSeqLength);
    return QuestionAnswerer.builder()
        .model(modelDir.toString())
        .maxSeqLength(maxSeqLength)
        .stride(window.stride(maxSeqLength))
        .topK(Math.min(topK, decoding.nBestSize))
        .batchSize(batchSize)
        .decoding(decoding.options(allowNoAnswer, false))
        .precision(precision)
        .padToMaxLength(padToMaxLength)
        .build();
  }

  /** Windows done, on one console line, at most every two seconds. */
  private static final class Progress implements PredictionProgress {
    private final PrintWriter err;
    private final Stopwatch sinceLast = Stopwatch.createStarted();

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void windowsDone(long done, long total) {
      if (done == total || sinceLast.elapsed(TimeUnit.SECONDS) >= 2) {
        err.printf(Locale.ROOT, "\rqa: %d/%d windows%s", done, total, done == total ? "\n" : "");
        err.flush();
        sinceLast.reset().start();
      }
    }
  }

  /** JSON has no NaN: a score the decoder did not compute is written as null. */
  private static void number(JsonObject o, String key, double value) {
    if (Double.isNaN(value)) {
      o.add(key, com.google.gson.JsonNull.INSTANCE);
    } else {
      o.addProperty(key, value);
    }
  }

  private static String readContext(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("--context-file " + file + ": no such file", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IOException("--context-file " + file + ": not valid UTF-8", e);
    }
  }
}
