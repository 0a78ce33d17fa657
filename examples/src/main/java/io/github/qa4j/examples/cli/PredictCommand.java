package io.github.qa4j.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.ModelFit;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qa predict}: answers one question over a passage with a fine-tuned model, as JSON. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Answer a question over a passage of any length with a fine-tuned model; prints JSON.")
public final class PredictCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "Fine-tuned model: directory, Hub name or maven:G:A:V.")
  String model;

  @Option(names = "--question", required = true, description = "The question.")
  String question;

  @ArgGroup(multiplicity = "1")
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

  @Option(names = "--top-k", defaultValue = "3", description = "Answers to print.")
  int topK;

  @Mixin WindowFlags window;

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
    if (question.isBlank()) {
      throw CliChecks.usage(spec, "--question is empty: give the question to answer");
    }
    CliChecks.requireFile(spec, "--context-file", context.file);
    String passage = context.text != null ? context.text : readContext(context.file);
    Path modelDir = ModelResolver.defaults().resolve(model);
    // The window defaults to what the model supports: a model with 64 positions gets 64 tokens.
    int maxSeqLength =
        window.length(
            Math.min(
                WindowFlags.DEFAULT_LENGTH,
                ModelFit.maxWindow(QaModels.readConfig(modelDir.resolve("config.json")))
                    .orElse(Integer.MAX_VALUE)));
    window.check(spec, maxSeqLength);
    List<RankedAnswer> answers;
    try (QuestionAnswerer qa =
        QuestionAnswerer.builder()
            .model(modelDir.toString())
            .maxSeqLength(maxSeqLength)
            .stride(window.stride(maxSeqLength))
            .topK(topK)
            .decoding(DecodingOptions.DEFAULTS.withAllowNoAnswer(allowNoAnswer))
            .precision(precision)
            .padToMaxLength(padToMaxLength)
            .build()) {
      answers = qa.answer(question, passage);
    }
    JsonArray list = new JsonArray();
    for (RankedAnswer a : answers) {
      JsonObject o = new JsonObject();
      o.addProperty("answer", a.text());
      o.addProperty("start", a.start());
      o.addProperty("end", a.end());
      number(o, "score", a.score());
      number(o, "probability", a.probability());
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
