package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrategiesTest {

  @Test
  void defaultsAreTransformers() {
    Strategies d = Strategies.DEFAULTS;
    assertThat(d.logging()).isEqualTo(Interval.everySteps(500));
    assertThat(d.evaluation()).isEqualTo(Interval.NEVER);
    assertThat(d.saving()).isEqualTo(Interval.everySteps(500));
    assertThat(d.tracksBest()).isFalse();
  }

  @Test
  void evalStepsDefaultToLoggingStepsAndTheBestMetricToF1() {
    Strategies s =
        Strategies.DEFAULTS.toBuilder()
            .logging(Interval.everySteps(7))
            .evaluation(IntervalStrategy.STEPS, 0)
            .saving(Interval.everySteps(14))
            .loadBestModelAtEnd(true)
            .build();
    assertThat(s.evaluation()).isEqualTo(Interval.everySteps(7));
    assertThat(s.metricForBestModel()).isEqualTo("eval_f1");
    assertThat(s.greaterIsBetter()).isTrue();
    assertThat(s.isBetter(2, 1.0)).isTrue();
    assertThat(s.isBetter(1, 1.0)).isFalse();
  }

  @Test
  void aLossIsBetterSmallerAndTheMetricGetsItsPrefix() {
    Strategies s = Strategies.DEFAULTS.toBuilder().metricForBestModel("my_loss").build();
    assertThat(s.metricForBestModel()).isEqualTo("eval_my_loss");
    assertThat(s.greaterIsBetter()).isFalse();
    assertThat(s.isBetter(0.5, 1.0)).isTrue();
  }

  @Test
  void loadBestNeedsMatchingEvalAndSaveStrategies() {
    Strategies.Builder b = Strategies.DEFAULTS.toBuilder().loadBestModelAtEnd(true);
    assertThatThrownBy(b::build).hasMessageContaining("eval_strategy other than no");
    assertThatThrownBy(
            () -> b.evaluation(IntervalStrategy.EPOCH, 0).saving(Interval.everySteps(10)).build())
        .hasMessageContaining("save_strategy (steps) and eval_strategy (epoch)");
    assertThatThrownBy(
            () -> b.evaluation(IntervalStrategy.STEPS, 4).saving(Interval.everySteps(10)).build())
        .hasMessageContaining("save_steps (10) to be a multiple of eval_steps (4)");
  }

  @Test
  void intervalsFallDueByStepsOrAtTheEndOfEachEpochAndOfTheRun() {
    assertThat(Interval.everySteps(3).due(6, 4, 10)).isTrue();
    assertThat(Interval.everySteps(3).due(7, 4, 10)).isFalse();
    assertThat(Interval.everyEpoch().due(8, 4, 10)).isTrue();
    assertThat(Interval.everyEpoch().due(10, 4, 10)).isTrue();
    assertThat(Interval.everyEpoch().due(9, 4, 10)).isFalse();
    assertThat(Interval.NEVER.due(4, 4, 4)).isFalse();
    assertThatThrownBy(() -> IntervalStrategy.parse("--eval_strategy", "sometimes"))
        .hasMessage("--eval_strategy 'sometimes' is not a strategy (expected no, steps or epoch)");
  }
}
