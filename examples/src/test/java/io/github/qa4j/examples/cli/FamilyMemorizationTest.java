package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.examples.testing.ModelFixtures;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code qa run-qa --config_name} from random weights for the families besides BERT (which {@link
 * RunQaTrainingTest} covers) with a tokenizer of the kind the family uses: RoBERTa with a
 * byte-level BPE tokenizer, ALBERT and DeBERTa-v2 with a SentencePiece (Unigram) tokenizer,
 * DistilBERT and ELECTRA with bert-base-uncased's. Each must memorize 64 dev questions (exact match
 * at least 90), and {@code qa predict} on the saved folder must then give the trainer's answers.
 */
class FamilyMemorizationTest {

  private static final int QUESTIONS = 64;

  @TempDir Path tmp;

  /**
   * Batches of 32 at a high learning rate: a tiny model's step costs about the same at 8 or 32
   * windows, so fewer, larger steps keep the test short. ALBERT, whose layers share weights, needs
   * more epochs; so does ELECTRA, whose 32-wide embeddings are projected to the hidden width (at 50
   * epochs it reached EM 41, at 120 it reaches 92).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "roberta, roberta-bpe, 5e-3, 50, 32",
    "distilbert, bert-base-uncased, 5e-3, 50, 32",
    "albert, sentencepiece-unigram, 5e-3, 80, 32",
    "electra, bert-base-uncased, 5e-3, 120, 32",
    "deberta-v2, sentencepiece-unigram, 5e-3, 50, 32"
  })
  void memorizesSixtyFourQuestionsAndPredictGivesTheTrainersAnswers(
      String family, String tokenizer, String learningRate, String epochs, String batchSize)
      throws IOException {
    Path tokenizerFile =
        "bert-base-uncased".equals(tokenizer)
            ? SharedData.bertTokenizer()
            : ModelFixtures.tokenizer(tokenizer).resolve("tokenizer.json");
    Path out = tmp.resolve(family);
    QaCommandTest.Run train =
        QaCommandTest.run(
            "run-qa",
            "--config_name",
            "src/test/resources/" + family + "-tiny-memorize-config.json",
            "--tokenizer_name",
            tokenizerFile.toString(),
            "--train_file",
            SharedData.devV11().toString(),
            "--validation_file",
            SharedData.devV11().toString(),
            "--max_train_samples",
            Integer.toString(QUESTIONS),
            "--max_eval_samples",
            Integer.toString(QUESTIONS),
            "--max_seq_length",
            "128",
            "--doc_stride",
            "32",
            "--do_train",
            "--do_eval",
            "--per_device_train_batch_size",
            batchSize,
            "--per_device_eval_batch_size",
            "32",
            "--learning_rate",
            learningRate,
            "--num_train_epochs",
            epochs,
            "--warmup_ratio",
            "0.05",
            "--seed",
            "7",
            "--output_dir",
            out.toString());
    assertThat(train.code()).as(train.err()).isZero();
    JsonObject eval = json(out.resolve("eval_results.json"));
    assertThat(eval.get("eval_exact_match").getAsDouble()).as(family).isGreaterThanOrEqualTo(90.0);

    // qa predict on the saved folder, with the trainer's windows, answers as the trainer did.
    JsonObject trainerAnswers = json(out.resolve("eval_predictions.json"));
    List<QaExample> examples = SquadReader.strict().read(SharedData.devV11()).examples();
    for (QaExample example : examples.subList(0, 8)) {
      QaCommandTest.Run predict =
          QaCommandTest.run(
              "predict",
              "--model",
              out.toString(),
              "--question",
              example.question(),
              "--context",
              example.context(),
              "--max-seq-length",
              "128",
              "--doc-stride",
              "32",
              "--top-k",
              "1");
      assertThat(predict.code()).as(predict.err()).isZero();
      String answer =
          JsonParser.parseString(predict.out())
              .getAsJsonObject()
              .getAsJsonArray("answers")
              .get(0)
              .getAsJsonObject()
              .get("answer")
              .getAsString();
      assertThat(answer)
          .as(family + " " + example.id())
          .isEqualTo(trainerAnswers.get(example.id()).getAsString());
    }
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
