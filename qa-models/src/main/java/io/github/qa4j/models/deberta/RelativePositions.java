package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * DeBERTa's relative positions: the distance {@code i - j} from query {@code i} to key {@code j},
 * optionally compressed into log buckets, and the rows of the relative embedding that c2p and p2c
 * read for each pair.
 */
final class RelativePositions {

  private RelativePositions() {}

  /**
   * The relative position of distance {@code delta}: itself without buckets; with {@code
   * bucketSize} buckets, itself while {@code |delta| <= bucketSize / 2} and beyond that {@code
   * sign(delta) * (mid + ceil(log(|delta| / mid) / log((maxPosition - 1) / mid) * (mid - 1)))},
   * computed in float32 as transformers computes it, so that ties round the same way.
   *
   * @param delta query position minus key position
   * @param bucketSize {@code position_buckets}, or 0 for none
   * @param maxPosition {@code max_relative_positions} as resolved
   */
  static long bucket(long delta, int bucketSize, int maxPosition) {
    if (bucketSize <= 0 || maxPosition <= 0) {
      return delta;
    }
    int mid = bucketSize / 2;
    long abs = delta < mid && delta > -mid ? mid - 1 : Math.abs(delta);
    if (abs <= mid) {
      return delta;
    }
    float ratio = (float) abs / (float) mid;
    float range = (float) Math.log((float) ((maxPosition - 1) / (double) mid));
    float scaled = (float) Math.log(ratio) / range * (float) (mid - 1);
    float logPosition = (float) Math.ceil(scaled) + mid;
    return (long) (logPosition * Long.signum(delta));
  }

  /**
   * Row indexes into the projected relative embeddings, {@code [seqLen, seqLen]} int64 on {@code
   * like}'s device.
   *
   * <p>c2p reads, for query {@code i} and key {@code j}, row {@code clamp(r(i - j) + k, 0, 2k -
   * 1)}; p2c reads, for key {@code j} and query {@code i}, row {@code clamp(-r(j - i) + k, 0, 2k -
   * 1)}, laid out {@code [j, i]} as its gather needs; {@code k} is the attention span and {@code r}
   * the bucketed distance.
   *
   * @param contentToPosition true for the c2p indexes, false for p2c
   */
  static NDArray indexes(
      NDArray like, int seqLen, DebertaV2Config config, boolean contentToPosition) {
    int span = config.attentionSpan();
    long[] ids = new long[seqLen * seqLen];
    for (int a = 0; a < seqLen; a++) {
      for (int b = 0; b < seqLen; b++) {
        long r = bucket(a - b, config.positionBuckets(), config.maxRelativePositions());
        long row = (contentToPosition ? r : -r) + span;
        ids[a * seqLen + b] = Math.max(0, Math.min(2L * span - 1, row));
      }
    }
    return like.getManager()
        .create(ids, new Shape(seqLen, seqLen))
        .toDevice(like.getDevice(), false);
  }
}
