package io.github.qa4j.core.train;

import java.util.Locale;

/** When something happens during training, as transformers' {@code IntervalStrategy}. */
public enum IntervalStrategy {
  /** Never. */
  NO,
  /** Every N optimizer steps. */
  STEPS,
  /** At the end of each epoch. */
  EPOCH;

  /** The name transformers gives it: {@code no}, {@code steps} or {@code epoch}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name transformers gives it, as {@link #flagValue()}: what a help text or log shows. */
  @Override
  public String toString() {
    return flagValue();
  }

  /**
   * The strategy named {@code value} ({@code no}, {@code steps}, {@code epoch}, in any case).
   *
   * @param flag the flag or setting the value comes from, named in the error
   * @throws IllegalArgumentException naming the flag, the value and the choices
   */
  public static IntervalStrategy parse(String flag, String value) {
    for (IntervalStrategy s : values()) {
      if (s.flagValue().equalsIgnoreCase(value.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        flag + " '" + value + "' is not a strategy (expected no, steps or epoch)");
  }
}
