package io.github.qa4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelFit}: a model and a tokenizer that do not belong together, or a window longer than
 * the model's positions, are refused with a message naming both files (or the window) and the
 * numbers that disagree, instead of libtorch's "index out of range in self".
 */
class ModelFitTest {

  @TempDir Path tmp;

  private final Path configFile = Path.of("models", "tiny", "config.json");

  private static JsonObject config(String json) {
    return JsonParser.parseString(json).getAsJsonObject();
  }

  private Path tokenizer(String json) throws IOException {
    return Files.writeString(tmp.resolve("tokenizer.json"), json, StandardCharsets.UTF_8);
  }

  /** A WordPiece tokenizer with ids 0..4 and an added token with id {@code addedId}. */
  private Path wordPiece(int addedId) throws IOException {
    return tokenizer(
        "{\"added_tokens\": [{\"id\": "
            + addedId
            + ", \"content\": \"[X]\"}], \"model\": {\"type\": \"WordPiece\", \"vocab\":"
            + " {\"[PAD]\": 0, \"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}}}");
  }

  @Test
  void vocabularySmallerThanTheTokenizersNamesBothFilesAndBothNumbers() throws IOException {
    Path tok = wordPiece(0);
    assertThatThrownBy(() -> ModelFit.check(config("{\"vocab_size\": 4}"), configFile, tok, 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the tokenizer " + tok)
        .hasMessageContaining("token ids up to 4")
        .hasMessageContaining("the model " + configFile)
        .hasMessageContaining("vocab_size 4")
        .hasMessageContaining("do not belong together");
  }

  @Test
  void anAddedTokenBeyondTheVocabularyCounts() throws IOException {
    Path tok = wordPiece(7);
    assertThat(ModelFit.tokenizerIds(tok)).isEqualTo(8);
    assertThatThrownBy(() -> ModelFit.check(config("{\"vocab_size\": 5}"), configFile, tok, 128))
        .hasMessageContaining("token ids up to 7")
        .hasMessageContaining("vocab_size 5");
    assertThatCode(() -> ModelFit.check(config("{\"vocab_size\": 8}"), configFile, tok, 128))
        .doesNotThrowAnyException();
  }

  @Test
  void aVocabularyAsLargeAsOrLargerThanTheTokenizersFits() throws IOException {
    Path tok = wordPiece(0);
    for (int vocab : new int[] {5, 6, 30522}) {
      assertThatCode(
              () -> ModelFit.check(config("{\"vocab_size\": " + vocab + "}"), configFile, tok, 128))
          .as("vocab_size %d", vocab)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void unigramIdsArePositionsInTheVocabularyList() throws IOException {
    Path tok =
        tokenizer(
            "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"<unk>\", 0.0], [\"a\", -1.5],"
                + " [\"b\", -2.0]]}}");
    assertThat(ModelFit.tokenizerIds(tok)).isEqualTo(3);
    assertThatThrownBy(() -> ModelFit.check(config("{\"vocab_size\": 2}"), configFile, tok, 128))
        .hasMessageContaining("token ids up to 2")
        .hasMessageContaining("vocab_size 2");
  }

  @Test
  void theSharedTokenizersCountTheirWholeVocabularies() throws IOException {
    assertThat(ModelFit.tokenizerIds(SharedData.bertTokenizer())).isEqualTo(30522);
    assertThat(ModelFit.tokenizerIds(SharedData.xlnetTokenizer())).isEqualTo(32000);
    // bert-base-uncased's tokenizer with xlnet-base-cased's vocabulary fits; the reverse does not.
    assertThatCode(
            () ->
                ModelFit.check(
                    config("{\"vocab_size\": 32000}"), configFile, SharedData.bertTokenizer(), 512))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ModelFit.check(
                    config("{\"vocab_size\": 30522}"),
                    configFile,
                    SharedData.xlnetTokenizer(),
                    512))
        .hasMessageContaining(SharedData.xlnetTokenizer().toString())
        .hasMessageContaining("token ids up to 31999")
        .hasMessageContaining("vocab_size 30522");
  }

  @Test
  void aWindowLongerThanThePositionsNamesTheWindowTheModelAndTheLimit() throws IOException {
    Path tok = wordPiece(0);
    JsonObject config = config("{\"vocab_size\": 5, \"max_position_embeddings\": 64}");
    assertThatThrownBy(() -> ModelFit.check(config, configFile, tok, 65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a window of 65 tokens")
        .hasMessageContaining("the 64 positions of the model " + configFile)
        .hasMessageContaining("max_position_embeddings")
        .hasMessageContaining("at most 64")
        .hasMessageNotContaining(tok.toString());
    assertThatCode(() -> ModelFit.check(config, configFile, tok, 64)).doesNotThrowAnyException();
  }

  @Test
  void theVocabularyIsCheckedBeforeTheWindow() throws IOException {
    Path tok = wordPiece(0);
    JsonObject config = config("{\"vocab_size\": 3, \"max_position_embeddings\": 64}");
    assertThatThrownBy(() -> ModelFit.check(config, configFile, tok, 512))
        .hasMessageContaining("vocab_size 3");
  }

  @Test
  void relativePositionsHaveNoWindowLimit() throws IOException {
    // XLNet's config has no max_position_embeddings: any window fits.
    JsonObject xlnet = config("{\"vocab_size\": 5, \"d_model\": 64}");
    assertThat(ModelFit.maxWindow(xlnet)).isEmpty();
    assertThatCode(() -> ModelFit.check(xlnet, configFile, wordPiece(0), 4096))
        .doesNotThrowAnyException();
    assertThat(ModelFit.maxWindow(config("{\"max_position_embeddings\": 512}"))).hasValue(512);
  }

  @Test
  void aTokenizerThatIsNotJsonIsAnIoErrorNamingIt() throws IOException {
    Path empty = tokenizer("");
    Path garbage = Files.writeString(tmp.resolve("garbage.json"), "[1, 2", StandardCharsets.UTF_8);
    for (Path bad : new Path[] {empty, garbage}) {
      assertThatThrownBy(() -> ModelFit.check(config("{\"vocab_size\": 5}"), configFile, bad, 64))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(bad.toString())
          .hasMessageContaining("not a Hugging Face tokenizer.json");
    }
  }
}
