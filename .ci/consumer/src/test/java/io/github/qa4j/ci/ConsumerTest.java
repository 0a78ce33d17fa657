package io.github.qa4j.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the published artifacts does first: load a model directory with {@link
 * QuestionAnswerer} and answer a question. Compiled and run against the jars and poms that the
 * reactor deployed, resolved through qa-bom.
 */
class ConsumerTest {

  private static final String CONTEXT =
      "The school was founded in the north of the city in 1842, and it is one of the oldest"
          + " schools of its kind in the country.";

  @Test
  void answersAQuestionWithASpanOfTheContext(@TempDir Path tmp) throws IOException {
    Path shared = Path.of(System.getProperty("qa.shared", "../../../shared"));
    Path fixture = shared.resolve("fixtures/models/bert-tiny-absolute");
    Path model = Files.createDirectories(tmp.resolve("bert-tiny"));
    Files.copy(fixture.resolve("config.json"), model.resolve("config.json"));
    Files.copy(fixture.resolve("model.safetensors"), model.resolve("model.safetensors"));
    writeTokenizer(
        shared.resolve("data/tokenizers/bert-base-uncased/tokenizer.json"),
        model.resolve("tokenizer.json"),
        vocabSize(model.resolve("config.json")));

    try (QuestionAnswerer qa =
        QuestionAnswerer.builder().model(model.toString()).maxSeqLength(64).stride(16).build()) {
      List<RankedAnswer> answers = qa.answer("When was the school founded?", CONTEXT);

      assertFalse(answers.isEmpty(), "no answer at all");
      RankedAnswer best = answers.get(0);
      assertFalse(best.noAnswer(), "no-answer although no-answer is not allowed");
      assertTrue(
          0 <= best.start() && best.start() < best.end() && best.end() <= CONTEXT.length(),
          () -> "span " + best.start() + ".." + best.end() + " outside the context");
      assertEquals(CONTEXT.substring(best.start(), best.end()), best.text());
    }
  }

  private static int vocabSize(Path config) throws IOException {
    return new Gson()
        .fromJson(Files.readString(config), JsonObject.class)
        .get("vocab_size")
        .getAsInt();
  }

  /**
   * The fixture is a randomly initialized BERT with a 1000-row embedding, while bert-base-uncased's
   * vocabulary has 30522 entries. Keeps the special tokens at their ids and puts the most frequent
   * words into the {@code [unusedN]} slots below the model's vocabulary size, so that every id the
   * tokenizer produces is one the model has; other words become {@code [UNK]}.
   */
  private static void writeTokenizer(Path source, Path target, int vocabSize) throws IOException {
    JsonObject tokenizer =
        new Gson().fromJson(Files.readString(source, StandardCharsets.UTF_8), JsonObject.class);
    JsonObject vocab = tokenizer.getAsJsonObject("model").getAsJsonObject("vocab");
    Map<Integer, String> byId = new TreeMap<>();
    vocab.entrySet().forEach(e -> byId.put(e.getValue().getAsInt(), e.getKey()));
    List<Integer> freeSlots = new ArrayList<>();
    JsonObject cut = new JsonObject();
    for (int id = 0; id < vocabSize; id++) {
      String token = byId.get(id);
      if (token.startsWith("[unused")) {
        freeSlots.add(id);
      } else {
        cut.addProperty(token, id);
      }
    }
    // Words start at "the" in bert-base-uncased; the ids before it are characters and punctuation.
    int next = vocab.get("the").getAsInt();
    for (int slot : freeSlots) {
      String word = byId.get(next++);
      if (!cut.has(word)) {
        cut.addProperty(word, slot);
      }
    }
    tokenizer.getAsJsonObject("model").add("vocab", cut);
    Files.writeString(target, new Gson().toJson(tokenizer), StandardCharsets.UTF_8);
  }
}
