package io.github.qa4j.models.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.bert.BertFamily;
import io.github.qa4j.models.family.EncoderQaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The beam-search head on BERT ({@link HeadType#BEAM_SEARCH}), fine-tuned from an encoder-only
 * checkpoint: the head is initialized, trains, and its inference tensors agree with its training
 * path, which checks the {@code [B, end_n_top, start_n_top]} layout independently of XLNet.
 */
class BeamSearchHeadOnBertTest {

  static final Path FIXTURE = SharedData.model("bert-tiny-absolute");
  static final int LEN = 24;

  /** The fixture's encoder only, as a pretrained BERT checkpoint would be. */
  static Path encoderOnly(Path dir) throws Exception {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    Safetensors.read(FIXTURE.resolve("model.safetensors"))
        .forEach(
            (name, t) -> {
              if (name.startsWith("bert.")) {
                tensors.put(name, t);
              }
            });
    Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
    Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of());
    return dir;
  }

  /** BERT layout: [CLS] question (type 0) [SEP] context (type 1) [SEP] padding. */
  static QaBatch batch(NDManager m, Map<String, HostTensor> io) {
    long[] types = io.get("token_type_ids").toLongArray();
    long[] mask = io.get("attention_mask").toLongArray();
    float[] pMask = new float[3 * LEN];
    for (int row = 0; row < 3; row++) {
      int lastReal = 0;
      for (int t = 0; t < LEN; t++) {
        lastReal = mask[row * LEN + t] == 1 ? t : lastReal;
      }
      for (int t = 0; t < LEN; t++) {
        int i = row * LEN + t;
        boolean context = types[i] == 1 && mask[i] == 1 && t != lastReal;
        pMask[i] = t == 0 || context ? 0 : 1;
      }
    }
    return new QaBatch(
        io.get("input_ids").toNDArray(m),
        io.get("token_type_ids").toNDArray(m),
        io.get("attention_mask").toNDArray(m),
        m.create(pMask).reshape(3, LEN),
        m.create(new long[] {0, 0, 0}),
        m.create(new long[] {12, 10, 0}),
        m.create(new long[] {14, 12, 0}),
        m.create(new float[] {0, 0, 1}));
  }

  @Test
  void trainsAndDecodesConsistentlyOnBert(@TempDir Path tmp) throws Exception {
    Map<String, HostTensor> io = Safetensors.read(FIXTURE.resolve("io.safetensors"));
    try (EncoderQaModel model =
            new BertFamily().load(encoderOnly(tmp), HeadType.BEAM_SEARCH, 9, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      assertThat(model.headType()).isEqualTo(HeadType.BEAM_SEARCH);
      assertThat(model.loadReport().initialized())
          .containsExactlyInAnyOrderElementsOf(model.head().namedParameters().keySet())
          .contains("start_logits.dense.weight", "answer_class.dense_1.weight");
      BeamSearchHead head = (BeamSearchHead) model.head();
      QaBatch batch = batch(m, io);

      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.loss(new ParameterStore(m, false), batch, true);
        // untrained: about log(#candidates) per cross-entropy plus half of log(2)
        assertThat(loss.getFloat()).isBetween(1f, 6f);
        collector.backward(loss);
      }
      for (String name :
          new String[] {
            "answer_class.dense_0.weight",
            "end_logits.LayerNorm.weight",
            "start_logits.dense.weight",
            "bert.embeddings.word_embeddings.weight"
          }) {
        NDArray grad = model.namedParameters().get(name).getArray().getGradient();
        assertThat(grad.abs().max().getFloat()).as(name).isPositive().isFinite();
      }

      ParameterStore store = new ParameterStore(m, false);
      QaOutputs.BeamSearch out = (QaOutputs.BeamSearch) model.predict(store, batch);
      NDArray hidden =
          model
              .encoder()
              .sequenceOutput(
                  store, batch.inputIds(), batch.tokenTypeIds(), batch.attentionMask(), false);
      long[] starts = out.startTopIndex().toLongArray();
      float[] endProbs = out.endTopProbs().toFloatArray();
      long[] ends = out.endTopIndex().toLongArray();
      int sn = head.startNTop();
      int en = head.endNTop();
      for (int i = 0; i < sn; i++) {
        // the training path's end logits for start candidate i of every row
        long[] start = new long[3];
        for (int row = 0; row < 3; row++) {
          start[row] = starts[row * sn + i];
        }
        NDList logits =
            head.trainingLogits(
                store, hidden, batch.pMask(), batch.clsIndex(), m.create(start), false);
        NDList top = logits.get(1).softmax(-1).topK(en, -1, true, true);
        float[] probs = top.get(0).toFloatArray();
        long[] index = top.get(1).toLongArray();
        for (int row = 0; row < 3; row++) {
          for (int j = 0; j < en; j++) {
            int flat = row * en * sn + j * sn + i;
            assertThat(ends[flat]).isEqualTo(index[row * en + j]);
            assertThat(endProbs[flat]).isCloseTo(probs[row * en + j], within(1e-6f));
            assertThat(batch.pMask().getFloat(row, ends[flat])).isZero();
          }
        }
      }
    }
  }
}
