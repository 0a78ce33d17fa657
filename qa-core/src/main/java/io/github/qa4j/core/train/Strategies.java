package io.github.qa4j.core.train;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * When a training run logs, evaluates and writes checkpoints, and which checkpoint it keeps, with
 * the defaults of transformers' {@code TrainingArguments}: the one home of these settings, taken by
 * the trainer and the CLI.
 *
 * @param logging when the loss is logged ({@code --logging_strategy}, {@code --logging_steps}:
 *     every 500 steps)
 * @param loggingFirstStep whether the first step is logged too ({@code --logging_first_step})
 * @param evaluation when the validation set is evaluated during training ({@code --eval_strategy},
 *     {@code --eval_steps}: never)
 * @param saving when a {@code checkpoint-N} folder is written ({@code --save_strategy}, {@code
 *     --save_steps}: every 500 steps, and at the end of a run that saves by steps)
 * @param saveTotalLimit the most checkpoints kept, the oldest deleted first (but the best one when
 *     it is tracked); 0 keeps all ({@code --save_total_limit})
 * @param loadBestModelAtEnd whether the best checkpoint's weights replace the last ones when
 *     training ends ({@code --load_best_model_at_end})
 * @param metricForBestModel the evaluation metric that says which checkpoint is best, with its
 *     {@code eval_} prefix ({@code --metric_for_best_model}); null tracks none, and {@code eval_f1}
 *     is taken when {@code loadBestModelAtEnd} asks for one
 * @param greaterIsBetter whether a larger {@code metricForBestModel} is better ({@code
 *     --greater_is_better}; true unless the metric is a loss)
 */
public record Strategies(
    Interval logging,
    boolean loggingFirstStep,
    Interval evaluation,
    Interval saving,
    int saveTotalLimit,
    boolean loadBestModelAtEnd,
    String metricForBestModel,
    boolean greaterIsBetter) {

  /** transformers' defaults. */
  public static final Strategies DEFAULTS =
      new Strategies(
          Interval.everySteps(500),
          false,
          Interval.NEVER,
          Interval.everySteps(500),
          0,
          false,
          null,
          true);

  /** The metric {@code loadBestModelAtEnd} compares when none is named (SQuAD's F1). */
  public static final String DEFAULT_BEST_METRIC = "eval_f1";

  /**
   * Checks the combination as transformers does, naming the flags; gives the metric its {@code
   * eval_} prefix.
   */
  public Strategies {
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(saving, "saving");
    Preconditions.checkArgument(
        saveTotalLimit >= 0, "save_total_limit must be >= 0, got %s", saveTotalLimit);
    if (metricForBestModel == null && loadBestModelAtEnd) {
      metricForBestModel = DEFAULT_BEST_METRIC;
    }
    if (metricForBestModel != null && !metricForBestModel.startsWith("eval_")) {
      metricForBestModel = "eval_" + metricForBestModel;
    }
    if (loadBestModelAtEnd) {
      Preconditions.checkArgument(
          evaluation.strategy() != IntervalStrategy.NO,
          "load_best_model_at_end needs an eval_strategy other than no");
      Preconditions.checkArgument(
          saving.strategy() == evaluation.strategy(),
          "load_best_model_at_end needs save_strategy (%s) and eval_strategy (%s) to match",
          saving.strategy().flagValue(),
          evaluation.strategy().flagValue());
      Preconditions.checkArgument(
          saving.strategy() != IntervalStrategy.STEPS || saving.steps() % evaluation.steps() == 0,
          "load_best_model_at_end needs save_steps (%s) to be a multiple of eval_steps (%s)",
          saving.steps(),
          evaluation.steps());
    }
  }

  /** A builder starting from these strategies. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether evaluations compare checkpoints ({@link #metricForBestModel} is set). */
  public boolean tracksBest() {
    return metricForBestModel != null;
  }

  /** Whether {@code value} of the tracked metric is better than {@code best} (null: none yet). */
  boolean isBetter(double value, Double best) {
    return best == null || (greaterIsBetter ? value > best : value < best);
  }

  /** Fluent construction of {@link Strategies}. */
  public static final class Builder {
    private Interval logging;
    private boolean loggingFirstStep;
    private Interval evaluation;
    private Interval saving;
    private int saveTotalLimit;
    private boolean loadBestModelAtEnd;
    private String metricForBestModel;
    private Boolean greaterIsBetter;

    private Builder(Strategies from) {
      logging = from.logging;
      loggingFirstStep = from.loggingFirstStep;
      evaluation = from.evaluation;
      saving = from.saving;
      saveTotalLimit = from.saveTotalLimit;
      loadBestModelAtEnd = from.loadBestModelAtEnd;
      metricForBestModel = from.metricForBestModel;
    }

    /** When the loss is logged. */
    public Builder logging(Interval value) {
      this.logging = value;
      return this;
    }

    /** Whether the first step is logged too. */
    public Builder loggingFirstStep(boolean value) {
      this.loggingFirstStep = value;
      return this;
    }

    /**
     * When the validation set is evaluated; {@code STEPS} with a period of 0 takes the logging
     * period, as transformers does when {@code --eval_steps} is not given.
     */
    public Builder evaluation(IntervalStrategy strategy, long steps) {
      this.evaluation =
          new Interval(
              strategy, strategy == IntervalStrategy.STEPS && steps == 0 ? logging.steps() : steps);
      return this;
    }

    /** When a checkpoint is written. */
    public Builder saving(Interval value) {
      this.saving = value;
      return this;
    }

    /** The most checkpoints kept; 0 keeps all. */
    public Builder saveTotalLimit(int value) {
      this.saveTotalLimit = value;
      return this;
    }

    /** Whether the best checkpoint's weights are loaded when training ends. */
    public Builder loadBestModelAtEnd(boolean value) {
      this.loadBestModelAtEnd = value;
      return this;
    }

    /** The metric that says which checkpoint is best, with or without its {@code eval_} prefix. */
    public Builder metricForBestModel(String value) {
      this.metricForBestModel = value;
      return this;
    }

    /** Whether a larger metric is better; by default, unless the metric's name ends in loss. */
    public Builder greaterIsBetter(boolean value) {
      this.greaterIsBetter = value;
      return this;
    }

    /** Checks and builds the strategies. */
    public Strategies build() {
      boolean greater =
          greaterIsBetter != null
              ? greaterIsBetter
              : metricForBestModel == null || !metricForBestModel.endsWith("loss");
      return new Strategies(
          logging,
          loggingFirstStep,
          evaluation,
          saving,
          saveTotalLimit,
          loadBestModelAtEnd,
          metricForBestModel,
          greater);
    }
  }
}
