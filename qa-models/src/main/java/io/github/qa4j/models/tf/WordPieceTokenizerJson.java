package io.github.qa4j.models.tf;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Hugging Face fast-tokenizer file ({@code tokenizer.json}) of a BERT WordPiece
 * vocabulary, as transformers converts a {@code BertTokenizer}: BERT normalizer (text cleanup,
 * spaces around CJK characters, lowercasing and accent stripping for uncased models), BERT
 * pre-tokenizer, WordPiece with {@code ##} continuations and {@code [UNK]}, and the {@code [CLS] A
 * [SEP] B [SEP]} template with token types 0 and 1.
 */
final class WordPieceTokenizerJson {

  private static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  private WordPieceTokenizerJson() {}

  /**
   * Parses a {@code vocab.txt}: one token a line, the line number is the id.
   *
   * @param where the file's name, for messages
   */
  static List<String> readVocab(byte[] bytes, String where) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> tokens = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String token = lines[i].stripTrailing();
      Integer before = seen.putIfAbsent(token, i);
      if (before != null) {
        throw new IOException(
            where + ": line " + (i + 1) + ": token '" + token + "' repeats line " + (before + 1));
      }
      tokens.add(token);
    }
    for (String needed : List.of("[UNK]", "[CLS]", "[SEP]")) {
      if (!seen.containsKey(needed)) {
        throw new IOException(where + ": no " + needed + " token");
      }
    }
    return tokens;
  }

  /** Whether a vocabulary is uncased: no token has an upper-case letter. */
  static boolean looksUncased(List<String> vocab) {
    for (String token : vocab) {
      if (SPECIAL.contains(token) || token.startsWith("[unused")) {
        continue;
      }
      if (!token.equals(token.toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** The {@code tokenizer.json} object. */
  static JsonObject build(List<String> vocab, boolean lowercase) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < vocab.size(); i++) {
      ids.put(vocab.get(i), i);
    }
    JsonObject t = new JsonObject();
    t.addProperty("version", "1.0");
    t.add("truncation", JsonNull.INSTANCE);
    t.add("padding", JsonNull.INSTANCE);
    JsonArray added = new JsonArray();
    SPECIAL.stream()
        .filter(ids::containsKey)
        .sorted((a, b) -> Integer.compare(ids.get(a), ids.get(b)))
        .forEach(s -> added.add(addedToken(s, ids.get(s))));
    t.add("added_tokens", added);

    JsonObject normalizer = new JsonObject();
    normalizer.addProperty("type", "BertNormalizer");
    normalizer.addProperty("clean_text", true);
    normalizer.addProperty("handle_chinese_chars", true);
    // null: strip accents exactly when lowercasing, as BERT's original tokenizer does.
    normalizer.add("strip_accents", JsonNull.INSTANCE);
    normalizer.addProperty("lowercase", lowercase);
    t.add("normalizer", normalizer);

    JsonObject preTokenizer = new JsonObject();
    preTokenizer.addProperty("type", "BertPreTokenizer");
    t.add("pre_tokenizer", preTokenizer);

    JsonObject post = new JsonObject();
    post.addProperty("type", "TemplateProcessing");
    post.add("single", template(special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)));
    post.add(
        "pair",
        template(
            special("[CLS]", 0),
            sequence("A", 0),
            special("[SEP]", 0),
            sequence("B", 1),
            special("[SEP]", 1)));
    JsonObject specialTokens = new JsonObject();
    for (String s : List.of("[CLS]", "[SEP]")) {
      JsonObject st = new JsonObject();
      st.addProperty("id", s);
      JsonArray idList = new JsonArray();
      idList.add(ids.get(s));
      st.add("ids", idList);
      JsonArray tokens = new JsonArray();
      tokens.add(s);
      st.add("tokens", tokens);
      specialTokens.add(s, st);
    }
    post.add("special_tokens", specialTokens);
    t.add("post_processor", post);

    JsonObject decoder = new JsonObject();
    decoder.addProperty("type", "WordPiece");
    decoder.addProperty("prefix", "##");
    decoder.addProperty("cleanup", true);
    t.add("decoder", decoder);

    JsonObject model = new JsonObject();
    model.addProperty("type", "WordPiece");
    model.addProperty("unk_token", "[UNK]");
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    JsonObject vocabJson = new JsonObject();
    ids.forEach(vocabJson::addProperty);
    model.add("vocab", vocabJson);
    t.add("model", model);
    return t;
  }

  /** The {@code tokenizer_config.json} transformers reads beside {@code tokenizer.json}. */
  static JsonObject config(boolean lowercase, long maxLength) {
    JsonObject c = new JsonObject();
    c.addProperty("tokenizer_class", "BertTokenizer");
    c.addProperty("do_lower_case", lowercase);
    c.addProperty("model_max_length", maxLength);
    c.addProperty("unk_token", "[UNK]");
    c.addProperty("sep_token", "[SEP]");
    c.addProperty("pad_token", "[PAD]");
    c.addProperty("cls_token", "[CLS]");
    c.addProperty("mask_token", "[MASK]");
    return c;
  }

  private static JsonObject addedToken(String content, int id) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("special", true);
    o.addProperty("content", content);
    o.addProperty("single_word", false);
    o.addProperty("lstrip", false);
    o.addProperty("rstrip", false);
    o.addProperty("normalized", false);
    return o;
  }

  private static JsonArray template(JsonObject... pieces) {
    JsonArray a = new JsonArray();
    for (JsonObject p : pieces) {
      a.add(p);
    }
    return a;
  }

  private static JsonObject special(String id, int typeId) {
    return piece("SpecialToken", id, typeId);
  }

  private static JsonObject sequence(String id, int typeId) {
    return piece("Sequence", id, typeId);
  }

  private static JsonObject piece(String kind, String id, int typeId) {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", id);
    inner.addProperty("type_id", typeId);
    JsonObject o = new JsonObject();
    o.add(kind, inner);
    return o;
  }
}
