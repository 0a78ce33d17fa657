package io.github.qa4j.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.family.EncoderQaModel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Masking, dropout and length limits, on the tiny fixture configs with seeded random weights. */
class BertBehaviourTest {

  private static JsonObject config(String fixture) throws IOException {
    return QaModels.readConfig(SharedData.model(fixture).resolve("config.json"));
  }

  private static QaBatch batch(NDManager m, long[] ids, long[] mask, int len) {
    Shape s = new Shape(ids.length / len, len);
    return new QaBatch(
        m.create(ids, s),
        m.zeros(s, ai.djl.ndarray.types.DataType.INT64),
        m.create(mask, s),
        null,
        null,
        m.create(new long[] {1}),
        m.create(new long[] {2}),
        null);
  }

  @Test
  void paddedTokensDoNotChangeTheOthers() throws IOException {
    for (String fixture :
        new String[] {
          "bert-tiny-absolute", "bert-tiny-relative_key", "bert-tiny-relative_key_query"
        }) {
      try (EncoderQaModel model =
              new BertFamily().create(config(fixture), HeadType.SPAN, 11, Device.cpu());
          NDManager m = NDManager.newBaseManager(Device.cpu())) {
        ParameterStore store = new ParameterStore(m, false);
        long[] mask = {1, 1, 1, 1, 1, 0, 0, 0};
        QaOutputs.Span a =
            (QaOutputs.Span)
                model.predict(store, batch(m, new long[] {2, 40, 41, 42, 3, 0, 0, 0}, mask, 8));
        QaOutputs.Span b =
            (QaOutputs.Span)
                model.predict(store, batch(m, new long[] {2, 40, 41, 42, 3, 977, 5, 600}, mask, 8));
        NDIndex real = new NDIndex(":, 0:5");
        assertThat(a.startLogits().get(real).toFloatArray())
            .as(fixture)
            .containsExactly(b.startLogits().get(real).toFloatArray());
        // Control: the same change without the mask does move the real tokens' logits.
        QaOutputs.Span c =
            (QaOutputs.Span)
                model.predict(
                    store,
                    batch(
                        m,
                        new long[] {2, 40, 41, 42, 3, 977, 5, 600},
                        new long[] {1, 1, 1, 1, 1, 1, 1, 1},
                        8));
        assertThat(c.startLogits().get(real).toFloatArray())
            .isNotEqualTo(a.startLogits().get(real).toFloatArray());
      }
    }
  }

  @Test
  void dropoutActsOnlyWhileTraining() throws IOException {
    JsonObject config = config("bert-tiny-absolute");
    config.addProperty("hidden_dropout_prob", 0.3);
    config.addProperty("attention_probs_dropout_prob", 0.3);
    try (EncoderQaModel model = new BertFamily().create(config, HeadType.SPAN, 11, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      ParameterStore store = new ParameterStore(m, false);
      QaBatch batch = batch(m, new long[] {2, 40, 41, 42, 3, 7}, new long[] {1, 1, 1, 1, 1, 1}, 6);
      float eval1 = model.loss(store, batch, false).getFloat();
      float eval2 = model.loss(store, batch, false).getFloat();
      NDArray train1 = model.loss(store, batch, true);
      NDArray train2 = model.loss(store, batch, true);
      assertThat(eval1).isEqualTo(eval2);
      assertThat(train1.getFloat()).isNotEqualTo(train2.getFloat());
    }
  }

  @Test
  void windowsLongerThanThePositionTableAreRejected() throws IOException {
    try (EncoderQaModel model =
            new BertFamily().create(config("bert-tiny-absolute"), HeadType.SPAN, 1, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      long[] ids = new long[65];
      long[] mask = new long[65];
      java.util.Arrays.fill(mask, 1);
      QaBatch batch = batch(m, ids, mask, 65);
      assertThatThrownBy(() -> model.predict(new ParameterStore(m, false), batch))
          .hasMessage("sequence length 65 exceeds max_position_embeddings 64");
    }
  }
}
