package io.github.qa4j.core.train;

import com.google.common.collect.ImmutableMap;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.core.model.ModelFit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes {@code tokenizer_config.json} and {@code special_tokens_map.json} beside a model folder's
 * {@code tokenizer.json} and {@code config.json}, so that transformers' {@code
 * AutoTokenizer.from_pretrained} builds the fast tokenizer of the model family's class with the
 * tokenizer's own special tokens, as a folder saved by transformers' {@code save_pretrained} does.
 *
 * <p>Everything is derived from the two files: the class from {@code config.json}'s {@code
 * model_type} (a type not listed gets {@code PreTrainedTokenizerFast}, which loads any {@code
 * tokenizer.json}); the CLS and SEP tokens from the post-processor when it names them; the other
 * roles, and CLS and SEP otherwise, from the special added tokens by their usual spellings ({@code
 * [PAD]} or {@code <pad>}, ...); the remaining special tokens as additional special tokens; {@code
 * model_max_length} from the absolute positions; {@code do_lower_case} from the normalizer; the
 * padding side from the window layout. The tokenizer class names are transformers 4's fast ones
 * ({@code BertTokenizerFast}), which transformers 5 maps to its own.
 */
final class TokenizerConfigs {

  static final String CONFIG_FILE = "tokenizer_config.json";
  static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

  private static final Map<String, String> CLASSES =
      ImmutableMap.<String, String>builder()
          .put("bert", "BertTokenizerFast")
          .put("roberta", "RobertaTokenizerFast")
          .put("xlm-roberta", "XLMRobertaTokenizerFast")
          .put("camembert", "CamembertTokenizerFast")
          .put("distilbert", "DistilBertTokenizerFast")
          .put("albert", "AlbertTokenizerFast")
          .put("electra", "ElectraTokenizerFast")
          .put("deberta-v2", "DebertaV2TokenizerFast")
          .put("xlnet", "XLNetTokenizerFast")
          .build();

  /** Model types whose positions start after the padding index (RoBERTa's embeddings). */
  private static final Set<String> OFFSET_POSITIONS = Set.of("roberta", "xlm-roberta", "camembert");

  /** Roles and the spellings that fill them, in order of preference. */
  private static final Map<String, List<String>> ROLES =
      ImmutableMap.<String, List<String>>builder()
          .put("bos_token", List.of("<s>"))
          .put("eos_token", List.of("</s>"))
          .put("unk_token", List.of("[UNK]", "<unk>"))
          .put("sep_token", List.of("[SEP]", "<sep>", "</s>"))
          .put("pad_token", List.of("[PAD]", "<pad>"))
          .put("cls_token", List.of("[CLS]", "<cls>", "<s>"))
          .put("mask_token", List.of("[MASK]", "<mask>"))
          .build();

  private TokenizerConfigs() {}

  /**
   * Writes both files into {@code dir}, which holds {@code config.json} and {@code tokenizer.json}.
   *
   * @param padLeft whether the model's windows are padded on the left (XLNet)
   * @throws IOException when a file cannot be read or is not the JSON expected, naming it
   */
  static void write(Path dir, boolean padLeft) throws IOException {
    JsonObject config = read(dir.resolve("config.json"));
    JsonObject tokenizer = read(dir.resolve("tokenizer.json"));
    String modelType = config.has("model_type") ? config.get("model_type").getAsString() : "";
    Map<String, String> special = specialTokens(tokenizer);

    JsonObject map = new JsonObject();
    special.forEach(map::addProperty);
    List<String> additional = new ArrayList<>(allSpecial(tokenizer));
    additional.removeAll(special.values());
    if (!additional.isEmpty()) {
      JsonArray list = new JsonArray();
      additional.forEach(list::add);
      map.add("additional_special_tokens", list);
    }

    JsonObject tokenizerConfig = map.deepCopy();
    tokenizerConfig.addProperty(
        "tokenizer_class", CLASSES.getOrDefault(modelType, "PreTrainedTokenizerFast"));
    OptionalInt maxLength = modelMaxLength(modelType, config);
    if (maxLength.isPresent()) {
      tokenizerConfig.addProperty("model_max_length", maxLength.getAsInt());
    }
    tokenizerConfig.addProperty("do_lower_case", lowercases(tokenizer.get("normalizer")));
    tokenizerConfig.addProperty("padding_side", padLeft ? "left" : "right");
    tokenizerConfig.addProperty("clean_up_tokenization_spaces", false);

    var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    AtomicFiles.writeString(dir.resolve(CONFIG_FILE), gson.toJson(tokenizerConfig) + "\n");
    AtomicFiles.writeString(dir.resolve(SPECIAL_TOKENS_FILE), gson.toJson(map) + "\n");
  }

  /** The special token of each role that the tokenizer has, in transformers' key order. */
  static Map<String, String> specialTokens(JsonObject tokenizer) {
    Set<String> special = allSpecial(tokenizer);
    Map<String, String> roles = new LinkedHashMap<>();
    JsonElement post = tokenizer.get("post_processor");
    if (post != null && post.isJsonObject()) {
      // BertProcessing and RobertaProcessing name them: "cls": ["[CLS]", 101].
      for (String role : List.of("cls", "sep")) {
        JsonElement named = post.getAsJsonObject().get(role);
        if (named != null && named.isJsonArray() && !named.getAsJsonArray().isEmpty()) {
          roles.put(role + "_token", named.getAsJsonArray().get(0).getAsString());
        }
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> role : ROLES.entrySet()) {
      String token = roles.get(role.getKey());
      if (token == null) {
        token = role.getValue().stream().filter(special::contains).findFirst().orElse(null);
      }
      if (token != null) {
        ordered.put(role.getKey(), token);
      }
    }
    return ordered;
  }

  private static Set<String> allSpecial(JsonObject tokenizer) {
    Set<String> out = new LinkedHashSet<>();
    JsonElement added = tokenizer.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement e : added.getAsJsonArray()) {
        JsonObject token = e.getAsJsonObject();
        if (token.has("special") && token.get("special").getAsBoolean()) {
          out.add(token.get("content").getAsString());
        }
      }
    }
    return out;
  }

  /**
   * The longest input the model takes: its absolute positions, less the padding offset of
   * RoBERTa-style embeddings; empty for relative positions (XLNet).
   */
  private static OptionalInt modelMaxLength(String modelType, JsonObject config) {
    OptionalInt positions = ModelFit.maxWindow(config);
    if (positions.isEmpty() || !OFFSET_POSITIONS.contains(modelType)) {
      return positions;
    }
    int pad = config.has("pad_token_id") ? config.get("pad_token_id").getAsInt() : 1;
    return OptionalInt.of(positions.getAsInt() - pad - 1);
  }

  /** Whether the normalizer lowercases: a BERT normalizer that does, or a Lowercase step. */
  private static boolean lowercases(JsonElement normalizer) {
    if (normalizer == null || !normalizer.isJsonObject()) {
      return false;
    }
    JsonObject n = normalizer.getAsJsonObject();
    String type = n.has("type") ? n.get("type").getAsString() : "";
    return switch (type) {
      case "BertNormalizer" -> n.has("lowercase") && n.get("lowercase").getAsBoolean();
      case "Lowercase" -> true;
      case "Sequence" -> {
        for (JsonElement step : n.getAsJsonArray("normalizers")) {
          if (lowercases(step)) {
            yield true;
          }
        }
        yield false;
      }
      default -> false;
    };
  }

  private static JsonObject read(Path file) throws IOException {
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")", e);
    }
  }
}
