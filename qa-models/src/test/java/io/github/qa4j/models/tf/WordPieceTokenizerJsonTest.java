package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerJsonTest {

  @TempDir Path tmp;

  private static Path sharedVocab() {
    return SharedData.path("data/tokenizers/bert-base-uncased/vocab.txt");
  }

  private Path generated() throws IOException {
    List<String> vocab =
        WordPieceTokenizerJson.readVocab(Files.readAllBytes(sharedVocab()), "vocab.txt");
    Path file = tmp.resolve("tokenizer.json");
    Files.writeString(file, WordPieceTokenizerJson.build(vocab, true).toString());
    return file;
  }

  @Test
  void fromBertBaseVocabItIsTheHuggingFaceFile() throws IOException {
    JsonObject ours = JsonParser.parseString(Files.readString(generated())).getAsJsonObject();
    JsonElement theirs = JsonParser.parseString(Files.readString(SharedData.bertTokenizer()));

    // The Hub's file predates the "type" tag of the model; tokenizers reads both forms.
    assertThat(ours.getAsJsonObject("model").remove("type").getAsString()).isEqualTo("WordPiece");
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void tokenizesDevQuestionsAndContextsLikeTheHuggingFaceFile() throws IOException {
    List<String[]> pairs = new ArrayList<>();
    JsonObject dev =
        JsonParser.parseString(Files.readString(SharedData.devV11())).getAsJsonObject();
    for (JsonElement article : dev.getAsJsonArray("data")) {
      for (JsonElement p : article.getAsJsonObject().getAsJsonArray("paragraphs")) {
        JsonObject paragraph = p.getAsJsonObject();
        String question =
            paragraph.getAsJsonArray("qas").get(0).getAsJsonObject().get("question").getAsString();
        pairs.add(new String[] {question, paragraph.get("context").getAsString()});
      }
    }
    assertThat(pairs).hasSizeGreaterThan(2000);
    try (HuggingFaceTokenizer ours = HuggingFaceTokenizer.newInstance(generated());
        HuggingFaceTokenizer theirs =
            HuggingFaceTokenizer.newInstance(SharedData.bertTokenizer())) {
      // Every 5th paragraph of the dev set: about 400 contexts, with accents, CJK and symbols.
      for (int i = 0; i < pairs.size(); i += 5) {
        Encoding a = ours.encode(pairs.get(i)[0], pairs.get(i)[1]);
        Encoding b = theirs.encode(pairs.get(i)[0], pairs.get(i)[1]);
        assertThat(a.getIds()).as("paragraph %d", i).containsExactly(b.getIds());
        assertThat(a.getTypeIds()).as("paragraph %d", i).containsExactly(b.getTypeIds());
        assertThat(spans(a)).as("paragraph %d", i).isEqualTo(spans(b));
      }
      String odd = "Ünïcödé café 北京 naïve\u00a0tab\there e\u0301 😀 [MASK]";
      assertThat(ours.encode(odd).getIds()).containsExactly(theirs.encode(odd).getIds());
    }
  }

  private static List<String> spans(Encoding e) {
    List<String> out = new ArrayList<>();
    for (var span : e.getCharTokenSpans()) {
      out.add(span == null ? "-" : span.getStart() + ":" + span.getEnd());
    }
    return out;
  }

  @Test
  void aRepeatedTokenOrAMissingSpecialTokenIsNamed() {
    byte[] repeated = "[UNK]\n[CLS]\n[SEP]\nword\nword\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> WordPieceTokenizerJson.readVocab(repeated, "v.txt"))
        .hasMessageContaining("v.txt: line 5: token 'word' repeats line 4");
    byte[] noCls = "[UNK]\n[SEP]\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> WordPieceTokenizerJson.readVocab(noCls, "v.txt"))
        .hasMessageContaining("v.txt: no [CLS] token");
  }

  @Test
  void casedVocabulariesAreDetected() {
    assertThat(WordPieceTokenizerJson.looksUncased(List.of("[CLS]", "[unused1]", "paris", "##s")))
        .isTrue();
    assertThat(WordPieceTokenizerJson.looksUncased(List.of("[CLS]", "Paris", "paris"))).isFalse();
  }
}
