package io.github.qa4j.examples.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.NBestEntry;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.inference.PredictionProgress;
import io.github.qa4j.core.inference.WindowPredictor;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dynamic padding (each batch cut to the columns its windows use) with XLNet's left padding and the
 * beam-search head, whose top-k masks padding itself: with any weights, the answers and scores of
 * batches padded to the full window length. (The span head with right padding is checked on a
 * trained model in {@link QuestionAnswererTest}: its n-best lists may differ from padded ones only
 * where padding positions would rank among a window's best starts or ends.)
 */
class DynamicPaddingTest {

  private static final WindowOptions WINDOWS = new WindowOptions(192, 64);

  @Test
  void xlnetBeamSearchHeadAnswersAsWithFullPadding() throws IOException {
    JsonObject config = QaModels.readConfig(SharedData.model("xlnet-tiny").resolve("config.json"));
    config.addProperty("vocab_size", 32000);
    check(config, HeadType.BEAM_SEARCH, SharedData.xlnetTokenizer(), SharedData.devV20());
  }

  private static void check(JsonObject config, HeadType head, Path tokenizer, Path data)
      throws IOException {
    // Every 241st question: short and long contexts, so batches differ in length.
    List<QaExample> all = SquadReader.strict().read(data).examples();
    List<QaExample> examples =
        java.util.stream.IntStream.range(0, 16).mapToObj(i -> all.get(i * 241)).toList();
    DecodingOptions decoding = DecodingOptions.DEFAULTS.withAllowNoAnswer(true);
    try (QaModel model = QaModels.create(config, head, 5, Device.cpu());
        Featurizer featurizer =
            Featurizer.builder(tokenizer, model.layout()).windows(WINDOWS).build()) {
      List<Prediction> padded =
          new WindowPredictor(model, featurizer, decoding, 4, true)
              .predict(examples, PredictionProgress.NONE);
      List<Prediction> dynamic =
          new WindowPredictor(model, featurizer, decoding, 4, false)
              .predict(examples, PredictionProgress.NONE);
      assertThat(dynamic).hasSameSizeAs(padded);
      for (int i = 0; i < padded.size(); i++) {
        Prediction want = padded.get(i);
        Prediction got = dynamic.get(i);
        assertThat(got.text()).as(want.exampleId()).isEqualTo(want.text());
        assertThat(got.startOffset()).isEqualTo(want.startOffset());
        assertThat(got.nBest()).hasSameSizeAs(want.nBest());
        for (int k = 0; k < want.nBest().size(); k++) {
          NBestEntry w = want.nBest().get(k);
          NBestEntry g = got.nBest().get(k);
          assertThat(g.text()).isEqualTo(w.text());
          assertThat(g.startScore()).isCloseTo(w.startScore(), within(1e-4f));
          assertThat(g.endScore()).isCloseTo(w.endScore(), within(1e-4f));
        }
        if (want.nullOdds() != null) {
          assertThat(got.nullOdds()).isCloseTo(want.nullOdds(), within(1e-4f));
        }
      }
    }
  }
}
