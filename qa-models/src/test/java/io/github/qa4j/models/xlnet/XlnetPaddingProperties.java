package io.github.qa4j.models.xlnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.family.EncoderQaModel;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Relative positions make XLNet blind to left padding: a real token's state must not depend on how
 * many padded tokens precede it. This exercises the padding mask and the relative shift together.
 */
class XlnetPaddingProperties {

  static EncoderQaModel model;

  @BeforeContainer
  static void load() throws Exception {
    model =
        new XlnetFamily()
            .load(SharedData.model("xlnet-tiny"), HeadType.BEAM_SEARCH, 0, Device.cpu());
  }

  @AfterContainer
  static void close() {
    model.close();
  }

  @Property(tries = 25)
  void leftPaddingDoesNotChangeRealTokens(
      @ForAll @Size(min = 3, max = 20) List<@IntRange(min = 0, max = 999) Integer> ids,
      @ForAll @IntRange(min = 1, max = 8) int pads,
      @ForAll @IntRange(min = 0, max = 999) int padId) {
    int n = ids.size();
    long[] tokens = ids.stream().mapToLong(Integer::longValue).toArray();
    long[] types = new long[n];
    for (int i = 0; i < n; i++) {
      types[i] = i == n - 1 ? 2 : i >= n / 2 ? 1 : 0;
    }
    long[] padded = new long[n + pads];
    long[] paddedTypes = new long[n + pads];
    long[] mask = new long[n + pads];
    Arrays.fill(padded, padId);
    Arrays.fill(paddedTypes, 3);
    System.arraycopy(tokens, 0, padded, pads, n);
    System.arraycopy(types, 0, paddedTypes, pads, n);
    Arrays.fill(mask, pads, n + pads, 1);
    long[] ones = new long[n];
    Arrays.fill(ones, 1);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      ParameterStore store = new ParameterStore(m, false);
      float[] plain =
          model
              .encoder()
              .sequenceOutput(
                  store,
                  m.create(tokens).reshape(1, n),
                  m.create(types).reshape(1, n),
                  m.create(ones).reshape(1, n),
                  false)
              .toFloatArray();
      NDArray withPads =
          model
              .encoder()
              .sequenceOutput(
                  store,
                  m.create(padded).reshape(1, n + pads),
                  m.create(paddedTypes).reshape(1, n + pads),
                  m.create(mask).reshape(1, n + pads),
                  false);
      float[] real = withPads.get(":, " + pads + ":, :").toFloatArray();
      assertThat(real).hasSameSizeAs(plain);
      for (int i = 0; i < plain.length; i++) {
        assertThat(real[i]).as("element %d", i).isCloseTo(plain[i], within(1e-5f));
      }
    }
  }
}
