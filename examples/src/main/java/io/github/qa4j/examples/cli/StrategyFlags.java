package io.github.qa4j.examples.cli;

import io.github.qa4j.core.train.Interval;
import io.github.qa4j.core.train.IntervalStrategy;
import io.github.qa4j.core.train.Strategies;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * When {@code run-qa} logs, evaluates and saves during training, and which checkpoint it keeps:
 * transformers' flags for {@link Strategies}, whose defaults are the flags' defaults.
 */
final class StrategyFlags {

  /** Reads {@code no}, {@code steps} or {@code epoch}. */
  static final class StrategyConverter implements ITypeConverter<IntervalStrategy> {
    @Override
    public IntervalStrategy convert(String value) {
      return IntervalStrategy.parse("strategy", value);
    }
  }

  private static final Strategies DEFAULTS = Strategies.DEFAULTS;

  @Option(
      names = "--logging_strategy",
      converter = StrategyConverter.class,
      description = "When the training loss is logged: no, steps or epoch.")
  IntervalStrategy loggingStrategy = DEFAULTS.logging().strategy();

  @Option(names = "--logging_steps", description = "Steps between loss-log entries.")
  long loggingSteps = DEFAULTS.logging().steps();

  @Option(names = "--logging_first_step", description = "Log the first step's loss too.")
  boolean loggingFirstStep = DEFAULTS.loggingFirstStep();

  @Option(
      names = "--eval_strategy",
      converter = StrategyConverter.class,
      description =
          "When the validation set is evaluated during training: no, steps or epoch (other than"
              + " no implies --do_eval).")
  IntervalStrategy evalStrategy = DEFAULTS.evaluation().strategy();

  @Option(
      names = "--eval_steps",
      description =
          "Steps between evaluations with --eval_strategy steps (default: --logging_steps).")
  Long evalSteps;

  @Option(
      names = "--save_strategy",
      converter = StrategyConverter.class,
      description = "When a checkpoint-N folder is written: no, steps or epoch.")
  IntervalStrategy saveStrategy = DEFAULTS.saving().strategy();

  @Option(
      names = "--save_steps",
      description = "Steps between checkpoints with --save_strategy steps; 0 writes none.")
  long saveSteps = DEFAULTS.saving().steps();

  @Option(
      names = "--save_total_limit",
      description = "Most checkpoints kept, the oldest deleted first (the best is kept); 0: all.")
  int saveTotalLimit = DEFAULTS.saveTotalLimit();

  @Option(
      names = "--load_best_model_at_end",
      description =
          "End with the weights of the best checkpoint by --metric_for_best_model (needs"
              + " matching --eval_strategy and --save_strategy).")
  boolean loadBestModelAtEnd = DEFAULTS.loadBestModelAtEnd();

  @Option(
      names = "--metric_for_best_model",
      description =
          "Evaluation metric that picks the best checkpoint, such as f1 or exact_match (default"
              + " with --load_best_model_at_end: f1).")
  String metricForBestModel;

  @Option(
      names = "--greater_is_better",
      arity = "1",
      description = "Whether a larger --metric_for_best_model is better (default: unless a loss).")
  Boolean greaterIsBetter;

  /** Whether evaluation runs during training. */
  boolean evaluatesDuringTraining() {
    return evalStrategy != IntervalStrategy.NO;
  }

  /** The strategies, checked; a bad combination is a usage error naming the flags. */
  Strategies strategies(CommandSpec spec) {
    CliChecks.atLeast(spec, "--logging_steps", loggingSteps, 1);
    CliChecks.atLeast(spec, "--save_steps", saveSteps, 0);
    CliChecks.atLeast(spec, "--save_total_limit", saveTotalLimit, 0);
    if (evalSteps != null) {
      CliChecks.atLeast(spec, "--eval_steps", evalSteps, 1);
    }
    Strategies.Builder b =
        DEFAULTS.toBuilder()
            .logging(interval(loggingStrategy, loggingSteps))
            .loggingFirstStep(loggingFirstStep)
            .saving(
                saveStrategy == IntervalStrategy.STEPS && saveSteps == 0
                    ? Interval.NEVER
                    : interval(saveStrategy, saveSteps))
            .saveTotalLimit(saveTotalLimit)
            .loadBestModelAtEnd(loadBestModelAtEnd)
            .metricForBestModel(metricForBestModel);
    b.evaluation(
        evalStrategy,
        evalStrategy != IntervalStrategy.STEPS ? 0 : evalSteps != null ? evalSteps : loggingSteps);
    if (greaterIsBetter != null) {
      b.greaterIsBetter(greaterIsBetter);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliChecks.usage(spec, "--" + e.getMessage());
    }
  }

  private static Interval interval(IntervalStrategy strategy, long steps) {
    return new Interval(strategy, strategy == IntervalStrategy.STEPS ? steps : 0);
  }
}
