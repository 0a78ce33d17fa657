package io.github.qa4j.models.xlnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.family.EncoderQaModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XLNet tokenizer through DJL, the featurizer's XLNet layout, and this model, end to end. */
class XlnetEndToEndTest {

  static final String CONTEXT =
      "The Normans were the people who in the 10th and 11th centuries gave their name to"
          + " Normandy, a region in France. They were descended from Norse raiders and pirates"
          + " from Denmark, Iceland and Norway who, under their leader Rollo, agreed to swear"
          + " fealty to King Charles III of West Francia. Through generations of assimilation"
          + " and mixing with the native Frankish and Roman-Gaulish populations, their"
          + " descendants would gradually merge with the Carolingian-based cultures of West"
          + " Francia.";

  @Test
  void theXlnetTokenizerLoadsThroughDjl() throws Exception {
    try (HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.builder().optTokenizerPath(SharedData.xlnetTokenizer()).build()) {
      Encoding e = tokenizer.encode("Normandy is in France.");
      String[] tokens = e.getTokens();
      assertThat(tokens[0]).isEqualTo("▁Normandy");
      // XLNet's template puts <sep> and <cls> (ids 4 and 3) last
      assertThat(tokens).endsWith("<sep>", "<cls>");
      long[] ids = e.getIds();
      assertThat(ids[ids.length - 1]).isEqualTo(3);
      assertThat(ids[ids.length - 2]).isEqualTo(4);
    }
  }

  @Test
  void featurizedXlnetWindowsTrainAndPredict() throws Exception {
    int answerStart = CONTEXT.indexOf("Rollo");
    List<QaExample> examples =
        List.of(
            new QaExample(
                "q1",
                "Normans",
                CONTEXT,
                "Who was the leader of the Norse raiders?",
                List.of(new Answer("Rollo", answerStart)),
                false),
            new QaExample(
                "q2", "Normans", CONTEXT, "What is the capital of Peru?", List.of(), true));
    List<QaFeature> features = new ArrayList<>();
    try (Featurizer featurizer =
        Featurizer.builder(SharedData.xlnetTokenizer(), WindowLayout.contextFirst(5, 3))
            .windows(new WindowOptions(64, 16))
            .build()) {
      examples.forEach(ex -> features.addAll(featurizer.featurize(ex)));
    }
    assertThat(features.size()).isGreaterThan(2);
    // overlapping windows of the first example: those holding the answer label it, the others
    // point at <cls>
    List<QaFeature> answered =
        features.stream().filter(f -> f.exampleId().equals("q1") && !f.impossible()).toList();
    assertThat(answered).isNotEmpty();
    for (QaFeature f : answered) {
      assertThat(
              CONTEXT.substring(f.offsetStart()[f.startPosition()], f.offsetEnd()[f.endPosition()]))
          .isEqualTo("Rollo");
    }
    for (QaFeature f : features) {
      assertThat(f.clsIndex()).isEqualTo(63);
      assertThat(f.inputIds()[63]).isEqualTo(3);
      assertThat(f.tokenTypeIds()[63]).isEqualTo(2);
    }
    // the last window of a question is padded on the left with <pad> (id 5, type 3)
    QaFeature last = features.get(features.size() - 1);
    assertThat(last.attentionMask()[0]).isZero();
    assertThat(last.inputIds()[0]).isEqualTo(5);
    assertThat(last.tokenTypeIds()[0]).isEqualTo(3);

    // A model with XLNet-base's vocabulary so that the tokenizer's ids fit, tiny otherwise.
    JsonObject config = QaModels.readConfig(SharedData.model("xlnet-tiny").resolve("config.json"));
    config.addProperty("vocab_size", 32000);
    config.addProperty("dropout", 0.1);
    try (EncoderQaModel model =
            new XlnetFamily().create(config, HeadType.BEAM_SEARCH, 11, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      QaBatch batch = QaBatch.of(m, features, true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.loss(new ParameterStore(m, false), batch, true);
        float value = loss.getFloat();
        // untrained: about log(#candidates) per cross-entropy plus half of log(2)
        assertThat(value).isFinite().isBetween(1f, 10f);
        collector.backward(loss);
      }
      NDArray embeddingGrad =
          model.namedParameters().get("transformer.word_embedding.weight").getArray().getGradient();
      // only the rows of ids that occur in the batch receive a gradient
      float[] rowNorms = embeddingGrad.abs().sum(new int[] {1}).toFloatArray();
      assertThat(rowNorms[3]).isGreaterThan(0f);
      assertThat(rowNorms[31999]).isZero();

      QaOutputs.BeamSearch out =
          (QaOutputs.BeamSearch) model.predict(new ParameterStore(m, false), batch);
      long[] starts = out.startTopIndex().toLongArray();
      long[] ends = out.endTopIndex().toLongArray();
      for (int row = 0; row < features.size(); row++) {
        int[] pMask = features.get(row).pMask();
        for (int k = 0; k < 5; k++) {
          assertThat(pMask[(int) starts[row * 5 + k]]).isZero();
        }
        for (int k = 0; k < 25; k++) {
          assertThat(pMask[(int) ends[row * 25 + k]]).isZero();
        }
      }
      assertThat(out.clsLogits().getShape().getShape()).containsExactly(features.size());
    }
  }
}
