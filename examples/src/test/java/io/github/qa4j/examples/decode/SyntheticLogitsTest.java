package io.github.qa4j.examples.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticLogitsTest {

  @Test
  void matchesTheValuesQuotedInTheSharedReadme() {
    float[] expected = {4.260828f, -5.9835043f, 3.214899f, 2.1260195f, -1.8199177f};
    for (int t = 0; t < expected.length; t++) {
      assertThat(SyntheticLogits.value(SyntheticLogits.START_SEED, 0, t)).isEqualTo(expected[t]);
    }
  }

  @Test
  void staysInRange() {
    for (float v : SyntheticLogits.matrix(SyntheticLogits.END_SEED, 50, 384)) {
      assertThat(v).isBetween(-8f, 8f);
    }
  }
}
