package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The special tokens {@link TokenizerConfigs} reads from a {@code tokenizer.json}: the
 * post-processor's CLS and SEP when it names them, else the usual spellings. (The BERT, XLNet and
 * RoBERTa-style files are checked end to end in {@code OutputDirFilesTest}.)
 */
class TokenizerConfigsTest {

  private static JsonObject tokenizer(String postProcessor, String... special) {
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < special.length; i++) {
      added
          .append(i == 0 ? "" : ",")
          .append("{\"id\": ")
          .append(i)
          .append(", \"content\": \"")
          .append(special[i])
          .append("\", \"special\": true}");
    }
    return JsonParser.parseString(
            "{\"added_tokens\": [" + added + "], \"post_processor\": " + postProcessor + "}")
        .getAsJsonObject();
  }

  @Test
  void albertStyleTokensWithATemplateFindTheirRolesBySpelling() {
    JsonObject albert =
        tokenizer(
            "{\"type\": \"TemplateProcessing\", \"single\": []}",
            "<pad>",
            "<unk>",
            "[CLS]",
            "[SEP]",
            "[MASK]");
    assertThat(TokenizerConfigs.specialTokens(albert))
        .containsExactly(
            Map.entry("unk_token", "<unk>"),
            Map.entry("sep_token", "[SEP]"),
            Map.entry("pad_token", "<pad>"),
            Map.entry("cls_token", "[CLS]"),
            Map.entry("mask_token", "[MASK]"));
  }

  @Test
  void thePostProcessorNamesClsAndSep() {
    JsonObject custom =
        tokenizer(
            "{\"type\": \"BertProcessing\", \"sep\": [\"<end>\", 1], \"cls\": [\"<begin>\", 0]}",
            "<begin>",
            "<end>",
            "[PAD]");
    assertThat(TokenizerConfigs.specialTokens(custom))
        .containsExactly(
            Map.entry("sep_token", "<end>"),
            Map.entry("pad_token", "[PAD]"),
            Map.entry("cls_token", "<begin>"));
  }

  @Test
  void aTokenNotMarkedSpecialFillsNoRole() {
    JsonObject json = tokenizer("null", "[PAD]");
    json.getAsJsonArray("added_tokens")
        .add(JsonParser.parseString("{\"id\": 1, \"content\": \"[CLS]\", \"special\": false}"));
    assertThat(TokenizerConfigs.specialTokens(json))
        .containsExactly(Map.entry("pad_token", "[PAD]"));
  }
}
