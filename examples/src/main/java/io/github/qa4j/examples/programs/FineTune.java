package io.github.qa4j.examples.programs;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.train.ConsoleProgress;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fine-tunes a model on your own SQuAD-format data and evaluates it, as {@code run_qa.py} does.
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.programs.FineTune \
 *     --model bert-base-uncased --train my-train.json --eval my-dev.json --output runs/mine
 * </pre>
 *
 * <p>The data is SQuAD JSON ({@code {"data": [{"paragraphs": [{"context": ..., "qas": [...]}]}]}};
 * a question with {@code "is_impossible": true} makes it SQuAD v2, trained with "no answer"). The
 * output folder is what {@code qa run-qa} writes: the model, its tokenizer files, {@code
 * all_results.json}, the predictions and a model card; {@code QuestionAnswerer.builder()
 * .model("runs/mine")} answers with it.
 *
 * @see AnswerService
 */
public final class FineTune {

  private FineTune() {}

  /**
   * Trains and evaluates; prints the evaluation metrics.
   *
   * @param args {@code --model NAME} (a folder, Hub name or {@code maven:G:A:V}) or {@code --config
   *     config.json --tokenizer tokenizer.json} (random weights), {@code --train FILE}, {@code
   *     --eval FILE}, {@code --output DIR}; optionally {@code --epochs} (2), {@code --max-steps}
   *     (0: by epochs), {@code --batch-size} (12), {@code --learning-rate} (3e-5), {@code
   *     --max-seq-length} (384), {@code --doc-stride} (128), {@code --seed} (42)
   */
  public static void main(String[] args) throws IOException {
    System.out.println(run(args).metrics());
  }

  /** Trains and evaluates as {@link #main} does; returns the evaluation. */
  public static EvalResult run(String[] args) throws IOException {
    ProgramArgs a =
        ProgramArgs.parse(
            args,
            Set.of(
                "--model",
                "--config",
                "--tokenizer",
                "--train",
                "--eval",
                "--output",
                "--epochs",
                "--max-steps",
                "--batch-size",
                "--learning-rate",
                "--max-seq-length",
                "--doc-stride",
                "--seed"));
    List<QaExample> train = SquadReader.strict().read(a.existingFile("--train")).examples();
    List<QaExample> eval = SquadReader.strict().read(a.existingFile("--eval")).examples();
    // A file with unanswerable questions asks for SQuAD v2 decoding and metrics.
    boolean v2 = train.stream().anyMatch(QaExample::impossible);

    QaTrainer.Builder builder =
        a.has("--model")
            ? QaTrainer.builder().model(a.required("--model"))
            : QaTrainer.builder()
                .modelConfig(
                    QaModels.readConfig(a.existingFile("--config")), a.existingFile("--tokenizer"));
    builder
        .maxSeqLength(a.integer("--max-seq-length", 384))
        .stride(a.integer("--doc-stride", 128))
        .batchSize(a.integer("--batch-size", 12))
        .learningRate(a.number("--learning-rate", 3e-5))
        .epochs(a.number("--epochs", 2))
        .maxSteps(a.integer("--max-steps", 0))
        .seed(a.integer("--seed", 42))
        .decoding(DecodingOptions.DEFAULTS.withAllowNoAnswer(v2))
        .outputDir(Path.of(a.required("--output")))
        // Recorded in training_args.json and the model card.
        .arguments(
            Map.of(
                a.has("--model") ? "model_name_or_path" : "config_name",
                a.text("--model", a.text("--config", "")),
                "train_file",
                a.required("--train"),
                "validation_file",
                a.required("--eval")))
        .listener(new ConsoleProgress(System.err));
    try (QaTrainer trainer = builder.build()) {
      trainer.train(train);
      return trainer.evaluate(eval);
    }
  }
}
