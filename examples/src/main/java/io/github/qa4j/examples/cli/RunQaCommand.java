package io.github.qa4j.examples.cli;

import com.google.gson.GsonBuilder;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.train.Checkpoints;
import io.github.qa4j.core.train.ConsoleProgress;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.MetricsFileListener;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.core.train.optim.ScheduleOptions;
import io.github.qa4j.core.train.optim.SchedulerType;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qa run-qa}: fine-tune and evaluate with the span head, taking {@code run_qa.py}'s flags
 * verbatim. {@link RunQaBeamSearchCommand} is the same with the beam-search head.
 */
@Command(
    name = "run-qa",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Fine-tune, evaluate and predict with a span-head QA model; flags as transformers'"
          + " run_qa.py, or a JSON file of them as the only argument.",
      "Flags of transformers' TrainingArguments that cannot apply here are accepted and ignored"
          + " with a warning."
    })
public class RunQaCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "ARGS.json",
      description =
          "A JSON object of arguments ({\"do_train\": true, ...}) instead of flags, as"
              + " HfArgumentParser.parse_json_file reads it.")
  Path argumentsFile;

  @Mixin HubFlags hub;

  @Mixin StrategyFlags strategies;

  @Mixin ReportFlags report;

  @Mixin IgnoredFlags ignored;

  @Option(
      names = "--model_name_or_path",
      description = "Pretrained model: directory, Hub name or maven:G:A:V.")
  String modelNameOrPath;

  @Option(
      names = "--config_name",
      description =
          "config.json (file, directory or name); without --model_name_or_path the model starts from random weights.")
  String configName;

  @Option(
      names = "--tokenizer_name",
      description = "tokenizer.json (file, directory or name); defaults to the model's.")
  String tokenizerName;

  @Option(
      names = "--dataset_name",
      description = "squad or squad_v2: download the official JSON into the cache.")
  String datasetName;

  @Option(names = "--train_file", description = "SQuAD-format training JSON.")
  Path trainFile;

  @Option(names = "--validation_file", description = "SQuAD-format evaluation JSON.")
  Path validationFile;

  @Option(
      names = "--test_file",
      description = "SQuAD-format JSON to predict with --do_predict (answers, if any, are scored).")
  Path testFile;

  @Option(names = "--do_train", description = "Train.")
  boolean doTrain;

  @Option(names = "--do_eval", description = "Evaluate on the validation set after training.")
  boolean doEval;

  @Option(
      names = "--do_predict",
      description =
          "Predict on --test_file: predict_predictions.json, and predict_results.json when it has"
              + " answers.")
  boolean doPredict;

  @Option(
      names = "--per_device_train_batch_size",
      description = "Training windows per device per micro-batch.")
  int trainBatchSize = QaTrainer.DEFAULT_BATCH_SIZE;

  @Option(names = "--per_device_eval_batch_size", description = "Evaluation windows per batch.")
  int evalBatchSize = QaTrainer.DEFAULT_BATCH_SIZE;

  @Option(names = "--learning_rate", description = "Peak learning rate of AdamW.")
  double learningRate = AdamWOptions.DEFAULTS.learningRate();

  @Option(names = "--adam_beta1", description = "AdamW's first-moment decay.")
  double adamBeta1 = AdamWOptions.DEFAULTS.beta1();

  @Option(names = "--adam_beta2", description = "AdamW's second-moment decay.")
  double adamBeta2 = AdamWOptions.DEFAULTS.beta2();

  @Option(names = "--adam_epsilon", description = "AdamW's denominator term.")
  double adamEpsilon = AdamWOptions.DEFAULTS.epsilon();

  @Option(
      names = "--lr_scheduler_type",
      converter = SchedulerConverter.class,
      description = "Learning-rate schedule: linear, cosine, constant or constant_with_warmup.")
  SchedulerType lrSchedulerType = ScheduleOptions.DEFAULTS.type();

  @Option(
      names = "--num_train_epochs",
      defaultValue = "3.0",
      description = "Passes over the training windows; may be fractional.")
  double epochs;

  @Option(
      names = "--max_steps",
      defaultValue = "-1",
      description = "When positive, overrides --num_train_epochs.")
  long maxSteps;

  @Option(
      names = "--max_seq_length",
      defaultValue = "384",
      description = "Window length in tokens, question included.")
  int maxSeqLength;

  @Option(
      names = "--doc_stride",
      defaultValue = "128",
      description = "Tokens shared by consecutive windows of a long context.")
  int docStride;

  @Option(
      names = "--output_dir",
      description =
          "Where the model, checkpoints, results and predictions go (required, here or in the"
              + " JSON file).")
  Path outputDir;

  @Option(
      names = "--overwrite_output_dir",
      description = "Allow training into a non-empty --output_dir.")
  boolean overwriteOutputDir;

  @Option(
      names = "--version_2_with_negative",
      description = "Questions may have no answer (SQuAD v2).")
  boolean version2;

  @Option(
      names = "--null_score_diff_threshold",
      defaultValue = "0.0",
      description =
          "With --version_2_with_negative: answer \"\" when the null score beats the best"
              + " span's by more than this.")
  double nullScoreDiffThreshold;

  @Option(
      names = "--n_best_size",
      defaultValue = "" + DecodingOptions.DEFAULT_N_BEST_SIZE,
      description = "Start and end candidates per window, and n-best entries kept.")
  int nBestSize;

  @Option(
      names = "--max_answer_length",
      defaultValue = "" + DecodingOptions.DEFAULT_MAX_ANSWER_LENGTH,
      description = "Longest answer in tokens.")
  int maxAnswerLength;

  @Option(names = "--max_train_samples", description = "Keep the first N training questions.")
  Integer maxTrainSamples;

  @Option(names = "--max_eval_samples", description = "Keep the first N evaluation questions.")
  Integer maxEvalSamples;

  @Option(names = "--max_predict_samples", description = "Keep the first N test questions.")
  Integer maxPredictSamples;

  @Option(
      names = "--gradient_accumulation_steps",
      defaultValue = "1",
      description = "Micro-batches per optimizer step.")
  int gradientAccumulationSteps;

  @Option(
      names = "--warmup_ratio",
      description = "Fraction of the steps used for warmup (when --warmup_steps is 0).")
  double warmupRatio = ScheduleOptions.DEFAULTS.warmupRatio();

  @Option(names = "--warmup_steps", description = "Optimizer steps of warmup.")
  long warmupSteps = ScheduleOptions.DEFAULTS.warmupSteps();

  @Option(
      names = "--weight_decay",
      description = "AdamW's decoupled weight decay (not on biases and LayerNorm).")
  double weightDecay = AdamWOptions.DEFAULTS.weightDecay();

  @Option(
      names = "--max_grad_norm",
      defaultValue = "1.0",
      description = "Global gradient-norm clipping threshold; 0 disables clipping.")
  double maxGradNorm;

  @Option(
      names = "--bf16",
      arity = "0..1",
      fallbackValue = "true",
      description = "bf16 mixed-precision training (bfloat16 products, float32 weights).")
  boolean bf16;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      converter = PrecisionConverter.class,
      description = "Matrix products in evaluation: fp32, bf16 or int8.")
  Precision precision;

  @Option(
      names = "--pad_to_max_length",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Pad every batch to --max_seq_length, as run_qa.py does by default (default: pad each"
              + " batch to its longest window: the same answers, faster training and evaluation).")
  boolean padToMaxLength;

  @Option(
      names = "--group_by_length",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Group training windows of like length into batches, so that dynamic padding pads"
              + " little.")
  boolean groupByLength;

  @Option(names = "--seed", description = "Seed of initialization, data order and dropout.")
  long seed = QaModels.DEFAULT_SEED;

  @Option(
      names = "--resume_from_checkpoint",
      paramLabel = "DIR|True",
      description =
          "A checkpoint-N folder to continue from, or True for the last complete one in"
              + " --output_dir. Without it, training into an --output_dir that has checkpoints"
              + " resumes from the last complete one, as transformers does.")
  String resumeFromCheckpoint;

  /** What training and evaluation write into {@code --output_dir}. */
  private static final List<String> OUTPUT_FILES =
      List.of(
          "config.json",
          "model.safetensors",
          "train_results.json",
          "eval_results.json",
          "all_results.json",
          "trainer_state.json",
          "training_args.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "README.md",
          "eval_predictions.json",
          "eval_nbest_predictions.json",
          "eval_null_odds.json",
          "predict_results.json",
          "predict_predictions.json",
          "predict_nbest_predictions.json",
          "predict_null_odds.json");

  /** Reads a {@code --lr_scheduler_type} value. */
  static final class SchedulerConverter implements CommandLine.ITypeConverter<SchedulerType> {
    @Override
    public SchedulerType convert(String value) {
      return SchedulerType.parse(value);
    }
  }

  /** The head this command trains. */
  HeadType head() {
    return HeadType.SPAN;
  }

  @Override
  public Integer call() throws IOException {
    if (argumentsFile != null) {
      if (!spec.commandLine().getParseResult().matchedOptions().isEmpty()) {
        throw CliChecks.usage(
            spec, "give a JSON file of arguments or flags, not both (" + argumentsFile + ")");
      }
      ArgumentsFile.parseInto(spec, argumentsFile);
    }
    IgnoredFlags.warn(spec.commandLine().getParseResult(), spec.commandLine().getErr());
    validate();
    OutputGuard.of(spec)
        .input("--train_file", trainFile)
        .input("--validation_file", validationFile)
        .input("--test_file", testFile)
        .input("--config_name", configName == null ? null : Path.of(configName))
        .outputsIn("--output_dir", outputDir, OUTPUT_FILES)
        .check();
    Path resumeFrom = resumePoint();
    boolean created = !Files.exists(outputDir);
    Files.createDirectories(outputDir);
    try {
      return train(resumeFrom);
    } catch (IOException | RuntimeException e) {
      if (created) {
        deleteIfEmpty(outputDir);
      }
      throw e;
    }
  }

  private int train(Path resumeFrom) throws IOException {
    QaTrainer.Builder builder;
    if (modelNameOrPath != null) {
      builder = QaTrainer.builder().model(hub.atRevision(spec, modelNameOrPath));
      if (tokenizerName != null) {
        builder.tokenizer(modelFile("--tokenizer_name", tokenizerName, "tokenizer.json"));
      }
    } else {
      if (tokenizerName == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--config_name without --model_name_or_path needs --tokenizer_name");
      }
      builder =
          QaTrainer.builder()
              .modelConfig(
                  QaModels.readConfig(modelFile("--config_name", configName, "config.json")),
                  modelFile("--tokenizer_name", tokenizerName, "tokenizer.json"));
    }
    builder
        .head(head())
        .windows(new WindowOptions(maxSeqLength, docStride))
        .decoding(
            new DecodingOptions(
                nBestSize, maxAnswerLength, version2, (float) nullScoreDiffThreshold, false))
        .optimizer(optimizer())
        .schedule(new ScheduleOptions(lrSchedulerType, warmupRatio, warmupSteps))
        .strategies(strategies.strategies(spec))
        .resolver(hub.resolver())
        .batchSize(trainBatchSize)
        .evalBatchSize(evalBatchSize)
        .epochs(epochs)
        .maxSteps(Math.max(0, maxSteps))
        .maxGradNorm(maxGradNorm)
        .gradientAccumulationSteps(gradientAccumulationSteps)
        .seed(seed)
        .bf16(bf16)
        .precision(precision)
        .padToMaxLength(padToMaxLength)
        .groupByLength(groupByLength)
        .outputDir(outputDir)
        .arguments(recordedArguments())
        .listener(new ConsoleProgress(System.err));
    if (resumeFrom != null) {
      builder.resumeFrom(resumeFrom);
    }
    List<MetricsFileListener> reporters = report.open(outputDir, spec.commandLine().getErr());
    reporters.forEach(builder::listener);
    try (QaTrainer trainer = builder.build()) {
      List<QaExample> validation =
          doEval ? limit(read(validationFile, "validation"), maxEvalSamples) : null;
      if (doTrain) {
        trainer.train(
            limit(read(trainFile, "train"), maxTrainSamples),
            strategies.evaluatesDuringTraining() ? validation : null);
      }
      if (doEval) {
        print(trainer.evaluate(validation));
      }
      if (doPredict) {
        print(
            trainer.predict(
                limit(SquadReader.strict().read(testFile).examples(), maxPredictSamples)));
      }
    } finally {
      for (MetricsFileListener reporter : reporters) {
        reporter.close();
      }
    }
    return 0;
  }

  /**
   * The flags {@code training_args.json} and the model card record beside the trainer's settings:
   * the model, the data and what was asked, as given.
   */
  private Map<String, Object> recordedArguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    putIfGiven(args, "model_name_or_path", modelNameOrPath);
    putIfGiven(args, "config_name", configName);
    putIfGiven(args, "tokenizer_name", tokenizerName);
    putIfGiven(args, "dataset_name", datasetName);
    putIfGiven(args, "train_file", trainFile);
    putIfGiven(args, "validation_file", validationFile);
    putIfGiven(args, "test_file", testFile);
    putIfGiven(args, "max_train_samples", maxTrainSamples);
    putIfGiven(args, "max_eval_samples", maxEvalSamples);
    putIfGiven(args, "max_predict_samples", maxPredictSamples);
    putIfGiven(args, "resume_from_checkpoint", resumeFromCheckpoint);
    args.put("do_train", doTrain);
    args.put("do_eval", doEval);
    args.put("do_predict", doPredict);
    args.put("overwrite_output_dir", overwriteOutputDir);
    return args;
  }

  private static void putIfGiven(Map<String, Object> args, String key, Object value) {
    if (value != null) {
      args.put(key, value instanceof Number ? value : value.toString());
    }
  }

  private void print(EvalResult result) {
    spec.commandLine()
        .getOut()
        .println(new GsonBuilder().setPrettyPrinting().create().toJson(result.metrics()));
  }

  private AdamWOptions optimizer() {
    try {
      return AdamWOptions.builder()
          .learningRate(learningRate)
          .weightDecay(weightDecay)
          .betas(adamBeta1, adamBeta2)
          .epsilon(adamEpsilon)
          .build();
    } catch (IllegalArgumentException e) {
      throw CliChecks.usage(spec, "--" + e.getMessage());
    }
  }

  void validate() throws IOException {
    CliChecks.atLeast(spec, "--per_device_train_batch_size", trainBatchSize, 1);
    CliChecks.atLeast(spec, "--per_device_eval_batch_size", evalBatchSize, 1);
    CliChecks.atLeast(spec, "--gradient_accumulation_steps", gradientAccumulationSteps, 1);
    CliChecks.atLeast(spec, "--warmup_steps", warmupSteps, 0);
    CliChecks.atLeast(spec, "--n_best_size", nBestSize, 1);
    CliChecks.atLeast(spec, "--max_answer_length", maxAnswerLength, 1);
    CliChecks.positive(spec, "--learning_rate", learningRate);
    CliChecks.between(spec, "--warmup_ratio", warmupRatio, 0, 1);
    CliChecks.between(spec, "--weight_decay", weightDecay, 0, Double.MAX_VALUE);
    CliChecks.between(spec, "--max_grad_norm", maxGradNorm, 0, Double.MAX_VALUE);
    CliChecks.between(
        spec,
        "--null_score_diff_threshold",
        nullScoreDiffThreshold,
        -Double.MAX_VALUE,
        Double.MAX_VALUE);
    CliChecks.window(spec, "--max_seq_length", maxSeqLength, "--doc_stride", docStride);
    if (doTrain && maxSteps <= 0 && !(epochs > 0 && Double.isFinite(epochs))) {
      throw CliChecks.usage(
          spec,
          "--num_train_epochs must be above 0 when training (or give --max_steps), got " + epochs);
    }
    if (doTrain) {
      CliChecks.requireFile(spec, "--train_file", trainFile);
    }
    if (outputDir == null) {
      throw CliChecks.usage(spec, "Missing required option: '--output_dir=<outputDir>'");
    }
    // As TrainingArguments: evaluating during training implies evaluating.
    doEval |= strategies.evaluatesDuringTraining();
    if (doEval) {
      CliChecks.requireFile(spec, "--validation_file", validationFile);
    }
    if (doPredict) {
      if (testFile == null) {
        throw CliChecks.usage(
            spec,
            "--do_predict needs --test_file"
                + (datasetName != null ? " (" + datasetName + " has no test split)" : ""));
      }
      CliChecks.requireFile(spec, "--test_file", testFile);
    }
    if (!doTrain && !doEval && !doPredict) {
      throw new ParameterException(
          spec.commandLine(), "nothing to do: give --do_train, --do_eval and/or --do_predict");
    }
    hub.check(spec, datasetName);
    strategies.strategies(spec);
    optimizer();
    if (modelNameOrPath == null && configName == null) {
      throw new ParameterException(
          spec.commandLine(), "give --model_name_or_path, or --config_name to train from scratch");
    }
    if (modelNameOrPath == null && tokenizerName == null) {
      throw new ParameterException(
          spec.commandLine(), "--config_name without --model_name_or_path needs --tokenizer_name");
    }
    if (datasetName == null
        && ((doTrain && trainFile == null) || (doEval && validationFile == null))) {
      throw new ParameterException(
          spec.commandLine(),
          "give --dataset_name, or --train_file for --do_train and --validation_file for --do_eval");
    }
  }

  /**
   * Where training continues from, as transformers' {@code run_qa.py} decides it: the checkpoint
   * given, the last complete one in {@code --output_dir} for {@code True} or when none is given,
   * nothing with {@code --overwrite_output_dir} (which deletes the previous run's checkpoints).
   */
  private Path resumePoint() throws IOException {
    if (!doTrain) {
      return null;
    }
    String given = resumeFromCheckpoint == null ? null : resumeFromCheckpoint.strip();
    if (given != null && given.equalsIgnoreCase("false")) {
      given = null;
    } else if (given != null && overwriteOutputDir) {
      throw new ParameterException(
          spec.commandLine(),
          "--overwrite_output_dir deletes the checkpoints of "
              + outputDir
              + " that --resume_from_checkpoint would continue from: give only one of them");
    }
    if (given == null) {
      if (overwriteOutputDir) {
        Checkpoints.deleteAll(outputDir);
        return null;
      }
      Optional<Path> last = Checkpoints.lastComplete(outputDir);
      if (last.isPresent()) {
        return announceResume(last.get());
      }
      if (resumeFromCheckpoint == null && nonEmpty(outputDir)) {
        throw new ParameterException(
            spec.commandLine(),
            "--output_dir "
                + outputDir
                + " is not empty and holds no complete checkpoint-N folder to resume from; use"
                + " --overwrite_output_dir to train into it anyway");
      }
      return null;
    }
    if (given.equalsIgnoreCase("true")) {
      return announceResume(
          Checkpoints.lastComplete(outputDir)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--resume_from_checkpoint True: no complete checkpoint-N folder in"
                              + " --output_dir "
                              + outputDir)));
    }
    Path dir = Path.of(given);
    if (!Checkpoints.isComplete(dir)) {
      throw new ParameterException(
          spec.commandLine(),
          "--resume_from_checkpoint "
              + dir
              + " is not a complete checkpoint folder (expected trainer_state.json and "
              + Checkpoints.OPTIMIZER_FILE
              + " in it), nor True");
    }
    return dir;
  }

  /** Says on the console which checkpoint training continues from, as transformers does. */
  private Path announceResume(Path checkpoint) {
    spec.commandLine()
        .getErr()
        .println(
            "qa: resuming training from "
                + checkpoint
                + ", the last complete checkpoint in --output_dir (--overwrite_output_dir"
                + " starts over)");
    return checkpoint;
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      if (!nonEmpty(dir)) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // The run failed already; an empty folder left behind is not worth hiding that failure.
    }
  }

  private List<QaExample> read(Path file, String split) throws IOException {
    Path source = file != null ? file : hub.datasets().resolve(datasetName, split);
    return SquadReader.strict().read(source).examples();
  }

  private static List<QaExample> limit(List<QaExample> examples, Integer max) {
    return max == null ? examples : examples.subList(0, Math.min(max, examples.size()));
  }

  private static boolean nonEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }

  /**
   * {@code name} itself when it is a file, else {@code fileName} in the model folder or Hub
   * repository it names; a name that is clearly a path but does not exist is a usage error.
   */
  private Path modelFile(String flag, String name, String fileName) throws IOException {
    Path p = Path.of(name);
    if (Files.isRegularFile(p)) {
      return p;
    }
    if (Files.isDirectory(p)) {
      Path inside = p.resolve(fileName);
      if (!Files.isRegularFile(inside)) {
        throw CliChecks.usage(spec, flag + " " + name + ": a folder without " + fileName);
      }
      return inside;
    }
    if (name.endsWith(".json")
        || name.startsWith(".")
        || name.startsWith("/")
        || name.contains("\\")) {
      throw CliChecks.usage(spec, flag + " " + name + ": no such file or folder");
    }
    return hub.resolver().resolve(hub.atRevision(spec, name)).resolve(fileName);
  }
}
