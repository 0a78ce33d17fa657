package io.github.qa4j.models.heads;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The span loss against a direct computation in double precision. */
class SpanLossProperties {

  @Property(tries = 60)
  void lossIsTheMeanOfStartAndEndCrossEntropyOverKeptRows(
      @ForAll @IntRange(min = 1, max = 6) int batch,
      @ForAll @IntRange(min = 1, max = 12) int seqLen,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] start = new float[batch * seqLen];
    float[] end = new float[batch * seqLen];
    long[] startPos = new long[batch];
    long[] endPos = new long[batch];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) (r.nextGaussian() * 4);
      end[i] = (float) (r.nextGaussian() * 4);
    }
    for (int b = 0; b < batch; b++) {
      // Positions from -2 to seqLen + 2: negatives clamp to 0, seqLen and beyond are ignored.
      startPos[b] = r.nextInt(-2, seqLen + 3);
      endPos[b] = r.nextInt(-2, seqLen + 3);
    }
    double expected = (reference(start, startPos, seqLen) + reference(end, endPos, seqLen)) / 2;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float actual =
          SpanHead.loss(
                  m.create(start, new Shape(batch, seqLen)),
                  m.create(end, new Shape(batch, seqLen)),
                  m.create(startPos),
                  m.create(endPos))
              .getFloat();
      assertThat((double) actual).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-5));
    }
  }

  /** Mean over kept rows of {@code logsumexp(row) - row[target]}; 0 when every row is ignored. */
  private static double reference(float[] logits, long[] positions, int seqLen) {
    double sum = 0;
    int kept = 0;
    for (int b = 0; b < positions.length; b++) {
      long target = Math.max(0, Math.min(seqLen, positions[b]));
      if (target == seqLen) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < seqLen; t++) {
        max = Math.max(max, logits[b * seqLen + t]);
      }
      double z = 0;
      for (int t = 0; t < seqLen; t++) {
        z += Math.exp(logits[b * seqLen + t] - max);
      }
      sum += max + Math.log(z) - logits[b * seqLen + (int) target];
      kept++;
    }
    return kept == 0 ? 0 : sum / kept;
  }
}
