package io.github.qa4j.core.train.optim;

import com.google.common.base.Preconditions;

/**
 * The settings of {@link AdamW}, with the defaults of transformers' {@code TrainingArguments}: the
 * one home of these settings, taken by the trainer and the CLI.
 *
 * @param learningRate peak learning rate ({@code --learning_rate}, 5e-5)
 * @param weightDecay decoupled weight decay, not applied to biases and LayerNorm ({@code
 *     --weight_decay}, 0)
 * @param beta1 first-moment decay ({@code --adam_beta1}, 0.9)
 * @param beta2 second-moment decay ({@code --adam_beta2}, 0.999)
 * @param epsilon denominator term ({@code --adam_epsilon}, 1e-8)
 */
public record AdamWOptions(
    double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {

  /** transformers' defaults. */
  public static final AdamWOptions DEFAULTS = new AdamWOptions(5e-5, 0, 0.9, 0.999, 1e-8);

  /** Checks the ranges, naming the flag that is out of range. */
  public AdamWOptions {
    Preconditions.checkArgument(
        learningRate >= 0, "learning_rate must be >= 0, got %s", learningRate);
    Preconditions.checkArgument(weightDecay >= 0, "weight_decay must be >= 0, got %s", weightDecay);
    Preconditions.checkArgument(
        beta1 >= 0 && beta1 < 1, "adam_beta1 must be in [0, 1), got %s", beta1);
    Preconditions.checkArgument(
        beta2 >= 0 && beta2 < 1, "adam_beta2 must be in [0, 1), got %s", beta2);
    Preconditions.checkArgument(epsilon > 0, "adam_epsilon must be > 0, got %s", epsilon);
  }

  /** A builder that starts from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent construction of {@link AdamWOptions}. */
  public static final class Builder {
    private double learningRate;
    private double weightDecay;
    private double beta1;
    private double beta2;
    private double epsilon;

    private Builder(AdamWOptions from) {
      learningRate = from.learningRate;
      weightDecay = from.weightDecay;
      beta1 = from.beta1;
      beta2 = from.beta2;
      epsilon = from.epsilon;
    }

    /** Peak learning rate. */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** Decoupled weight decay. */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** The two moment decays. */
    public Builder betas(double first, double second) {
      this.beta1 = first;
      this.beta2 = second;
      return this;
    }

    /** The denominator term. */
    public Builder epsilon(double value) {
      this.epsilon = value;
      return this;
    }

    /** Checks and builds the options. */
    public AdamWOptions build() {
      return new AdamWOptions(learningRate, weightDecay, beta1, beta2, epsilon);
    }
  }
}
