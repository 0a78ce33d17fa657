package io.github.qa4j.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LinearWarmupScheduleTest {

  @Test
  void warmsUpThenDecaysToZeroAsTransformers() {
    LinearWarmupSchedule s = new LinearWarmupSchedule(1e-3, 4, 10);
    assertThat(s.learningRate(0)).isZero();
    assertThat(s.learningRate(2)).isCloseTo(5e-4, within(1e-12));
    assertThat(s.learningRate(4)).isCloseTo(1e-3, within(1e-12));
    assertThat(s.learningRate(7)).isCloseTo(5e-4, within(1e-12));
    assertThat(s.learningRate(10)).isZero();
    assertThat(new LinearWarmupSchedule(1e-3, 0, 10).learningRate(0)).isEqualTo(1e-3);
    assertThat(ScheduleOptions.DEFAULTS.withWarmupRatio(0.1).warmupStepsOf(25)).isEqualTo(3);
  }

  @Property
  void learningRateStaysBetweenZeroAndPeak(
      @ForAll @LongRange(max = 1000) long warmup,
      @ForAll @LongRange(min = 1, max = 2000) long total,
      @ForAll @LongRange(max = 3000) long step) {
    double lr = new LinearWarmupSchedule(2e-5, Math.min(warmup, total), total).learningRate(step);
    assertThat(lr).isBetween(0.0, 2e-5);
  }
}
