package io.github.qa4j.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Every {@link SchedulerType} against the learning rates transformers' {@code get_scheduler} gives,
 * step by step ({@code fixtures/schedules/make_fixtures.py}).
 */
class LearningRateScheduleParityTest {

  @Test
  void everyTypeMatchesTransformersStepByStep() throws IOException {
    JsonObject fixture;
    try (Reader in =
        new InputStreamReader(
            Objects.requireNonNull(
                getClass().getResourceAsStream("/fixtures/schedules/schedules.json")),
            StandardCharsets.UTF_8)) {
      fixture = JsonParser.parseReader(in).getAsJsonObject();
    }
    double peak = fixture.get("peak").getAsDouble();
    int cases = 0;
    for (JsonElement element : fixture.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      SchedulerType type = SchedulerType.parse(c.get("type").getAsString());
      long warmup = c.get("warmup_steps").getAsLong();
      long total = c.get("total_steps").getAsLong();
      LearningRateSchedule schedule =
          ScheduleOptions.DEFAULTS.withType(type).withWarmupSteps(warmup).create(peak, total);
      var expected = c.getAsJsonArray("learning_rates");
      for (int step = 0; step < expected.size(); step++) {
        assertThat(schedule.learningRate(step))
            .as("%s, warmup %d of %d, step %d", type, warmup, total, step)
            .isCloseTo(expected.get(step).getAsDouble(), within(1e-15));
      }
      cases++;
    }
    assertThat(cases).isEqualTo(11);
  }

  @Test
  void typesParseAsTransformersSpellsThem() {
    assertThat(SchedulerType.parse("constant_with_warmup"))
        .isEqualTo(SchedulerType.CONSTANT_WITH_WARMUP);
    assertThat(SchedulerType.parse("Cosine")).isEqualTo(SchedulerType.COSINE);
    assertThatThrownBy(() -> SchedulerType.parse("polynomial"))
        .hasMessageContaining("polynomial")
        .hasMessageContaining("constant_with_warmup");
  }

  @Test
  void warmupStepsWinOverTheRatio() {
    ScheduleOptions options = ScheduleOptions.DEFAULTS.withWarmupRatio(0.5);
    assertThat(options.warmupStepsOf(9)).isEqualTo(5);
    assertThat(options.withWarmupSteps(2).warmupStepsOf(9)).isEqualTo(2);
  }

  @Property
  void everyScheduleStaysBetweenZeroAndPeak(
      @ForAll SchedulerType type,
      @ForAll @LongRange(max = 500) long warmup,
      @ForAll @LongRange(min = 1, max = 1000) long total,
      @ForAll @LongRange(max = 1500) long step) {
    double lr =
        ScheduleOptions.DEFAULTS
            .withType(type)
            .withWarmupSteps(Math.min(warmup, total))
            .create(2e-5, total)
            .learningRate(step);
    assertThat(lr).isBetween(0.0, 2e-5);
  }
}
