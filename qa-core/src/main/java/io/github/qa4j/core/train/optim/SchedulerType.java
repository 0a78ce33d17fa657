package io.github.qa4j.core.train.optim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The learning-rate schedules of transformers' {@code --lr_scheduler_type} that qa4j has. */
public enum SchedulerType {
  /** Linear warmup, then linear decay to zero ({@code get_linear_schedule_with_warmup}). */
  LINEAR,
  /**
   * Linear warmup, then half a cosine wave down to zero ({@code get_cosine_schedule_with_warmup},
   * {@code num_cycles} 0.5).
   */
  COSINE,
  /** The peak throughout; warmup is ignored, as {@code get_constant_schedule} ignores it. */
  CONSTANT,
  /** Linear warmup, then the peak ({@code get_constant_schedule_with_warmup}). */
  CONSTANT_WITH_WARMUP;

  /** The name transformers gives it, for example {@code constant_with_warmup}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name transformers gives it, as {@link #flagValue()}: what a help text or log shows. */
  @Override
  public String toString() {
    return flagValue();
  }

  /**
   * The type named as transformers names it ({@code linear}, {@code cosine}, {@code constant},
   * {@code constant_with_warmup}), in any case.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static SchedulerType parse(String value) {
    for (SchedulerType t : values()) {
      if (t.flagValue().equalsIgnoreCase(value.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "lr_scheduler_type '"
            + value
            + "' is not one qa4j has (expected "
            + Arrays.stream(values())
                .map(SchedulerType::flagValue)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
