package io.github.qa4j.core.train;

import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How windows are grouped into optimizer steps. Each epoch visits every window once in an order
 * that depends only on the seed and the epoch, so a resumed run sees the same batches. The last
 * step of an epoch takes the micro-batches that are left, fewer than the others if need be. With
 * length grouping ({@code --group_by_length}) the shuffled order is regrouped by {@link
 * LengthGrouping}.
 */
record BatchPlan(
    int windows, int windowsPerMicroBatch, int accumulation, long stepsPerEpoch, long totalSteps) {

  static BatchPlan of(TrainingConfig config, int windows, int devices) {
    int perMicro = config.batchSize() * devices;
    long micro = (windows + perMicro - 1) / perMicro;
    long perEpoch =
        (micro + config.gradientAccumulationSteps() - 1) / config.gradientAccumulationSteps();
    long total =
        config.maxSteps() > 0 ? config.maxSteps() : (long) Math.ceil(config.epochs() * perEpoch);
    return new BatchPlan(windows, perMicro, config.gradientAccumulationSteps(), perEpoch, total);
  }

  List<List<QaFeature>> microBatches(int[] order, List<QaFeature> features, long step) {
    long within = step % stepsPerEpoch;
    List<List<QaFeature>> result = new ArrayList<>();
    for (int m = 0; m < accumulation; m++) {
      long first = (within * accumulation + m) * windowsPerMicroBatch;
      if (first >= windows) {
        break;
      }
      List<QaFeature> micro = new ArrayList<>();
      for (long i = first; i < Math.min(windows, first + windowsPerMicroBatch); i++) {
        micro.add(features.get(order[(int) i]));
      }
      result.add(micro);
    }
    return result;
  }

  /**
   * The order of the windows in an epoch.
   *
   * @param lengths each window's number of tokens to group batches by length, or null
   */
  int[] order(long epoch, long seed, int[] lengths) {
    int[] order = new int[windows];
    for (int i = 0; i < windows; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = windows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return lengths == null
        ? order
        : LengthGrouping.regroup(order, lengths, windowsPerMicroBatch * accumulation);
  }
}
