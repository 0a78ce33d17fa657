package io.github.qa4j.squad;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.CodePointOffsets;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Parity with the features that run_qa.py / run_qa_beam_search.py prepare (shared/fixtures/
 * features): every BERT v1.1 dev record by hash, and the first 40 features' arrays element by
 * element.
 */
class FeaturizerFixtureTest {

  private static Featurizer featurizer(Path tokenizer, WindowLayout layout) {
    return Featurizer.builder(tokenizer, layout).windows(new WindowOptions(384, 128)).build();
  }

  // Featurizing a dev set takes seconds; the BERT v1.1 features serve two tests.
  private static final Map<String, List<QaFeature>> CACHE = new ConcurrentHashMap<>();

  private static List<QaFeature> features(Path data, Path tokenizer, WindowLayout layout) {
    return CACHE.computeIfAbsent(
        data + "|" + layout,
        key -> {
          List<QaFeature> out = new ArrayList<>();
          try (Featurizer f = featurizer(tokenizer, layout)) {
            f.featurizeAll(SquadReader.strict().read(data).examples(), out::add);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out;
        });
  }

  private static Map<String, CodePointOffsets> contexts(Path data) throws IOException {
    Map<String, CodePointOffsets> byId = new HashMap<>();
    Map<String, CodePointOffsets> byContext = new HashMap<>();
    SquadReader.strict().stream(
        data,
        ex -> byId.put(ex.id(), byContext.computeIfAbsent(ex.context(), CodePointOffsets::of)));
    return byId;
  }

  @Test
  void everyBertV11DevRecordMatchesByHash() throws IOException {
    List<QaFeature> features =
        features(SharedData.devV11(), SharedData.bertTokenizer(), WindowLayout.questionFirst(0));
    Map<String, CodePointOffsets> contexts = contexts(SharedData.devV11());
    List<JsonObject> expected = new ArrayList<>();
    Path fixture = SharedData.path("fixtures/features/features-bert-dev-v1.1.jsonl.gz");
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(fixture)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        expected.add(JsonParser.parseString(line).getAsJsonObject());
      }
    }

    assertThat(expected).hasSize(10_784);
    assertThat(features).hasSize(10_784);
    List<String> mismatches = new ArrayList<>();
    int labeledWithCls = 0;
    for (int i = 0; i < expected.size(); i++) {
      JsonObject want = expected.get(i);
      QaFeature got = features.get(i);
      assertThat(want.get("f").getAsInt()).isEqualTo(i);
      Map<String, Object> actual = new HashMap<>();
      actual.put("ex", got.exampleId());
      actual.put("ids", hash(join(got.inputIds())));
      actual.put("tt", hash(join(got.tokenTypeIds())));
      actual.put("off", hash(offsets(got, contexts.get(got.exampleId()))));
      actual.put("am", sum(got.attentionMask()));
      actual.put("sp", got.startPosition());
      actual.put("ep", got.endPosition());
      actual.put("cls", got.clsIndex());
      actual.put("imp", got.impossible() ? 1 : 0);
      for (Map.Entry<String, Object> e : actual.entrySet()) {
        JsonElement w = want.get(e.getKey());
        Object wantValue = e.getValue() instanceof Integer ? w.getAsInt() : w.getAsString();
        if (!wantValue.equals(e.getValue())) {
          mismatches.add(
              "f=" + i + " " + e.getKey() + ": want " + wantValue + ", got " + e.getValue());
        }
      }
      labeledWithCls += got.impossible() ? 1 : 0;
    }
    assertThat(mismatches).isEmpty();
    assertThat(labeledWithCls).isEqualTo(172);
  }

  @Test
  void bertV11FirstFeaturesMatchElementByElement() throws IOException {
    checkArrays(
        "features-bert-dev-v1.1-first40.json",
        SharedData.devV11(),
        WindowLayout.questionFirst(0),
        10_784);
  }

  @Test
  void bertV20FirstFeaturesMatchElementByElement() throws IOException {
    checkArrays(
        "features-bert-dev-v2.0-first40.json",
        SharedData.devV20(),
        WindowLayout.questionFirst(0),
        12_134);
  }

  @Test
  void xlnetV20FirstFeaturesMatchElementByElement() throws IOException {
    checkArrays(
        "features-xlnet-dev-v2.0-first40.json",
        SharedData.devV20(),
        WindowLayout.contextFirst(5, 3),
        12_231);
  }

  private static void checkArrays(String fixture, Path data, WindowLayout layout, int count)
      throws IOException {
    Path tokenizer =
        layout.contextFirst() ? SharedData.xlnetTokenizer() : SharedData.bertTokenizer();
    List<QaFeature> features = features(data, tokenizer, layout);
    assertThat(features).hasSize(count);
    Map<String, CodePointOffsets> contexts = contexts(data);
    JsonArray expected =
        JsonParser.parseString(Files.readString(SharedData.path("fixtures/features/" + fixture)))
            .getAsJsonArray();
    assertThat(expected.size()).isGreaterThanOrEqualTo(40);
    for (JsonElement e : expected) {
      JsonObject want = e.getAsJsonObject();
      int f = want.get("f").getAsInt();
      QaFeature got = features.get(f);
      String at = fixture + " f=" + f;
      assertThat(got.exampleId()).as(at).isEqualTo(want.get("ex").getAsString());
      assertThat(got.inputIds()).as(at + " input_ids").containsExactly(ints(want, "input_ids"));
      assertThat(got.tokenTypeIds())
          .as(at + " token_type_ids")
          .containsExactly(ints(want, "token_type_ids"));
      assertThat(got.attentionMask())
          .as(at + " attention_mask")
          .containsExactly(ints(want, "attention_mask"));
      CodePointOffsets cp = contexts.get(got.exampleId());
      JsonArray offsets = want.getAsJsonArray("offsets");
      assertThat(offsets.size()).isEqualTo(got.length());
      for (int t = 0; t < got.length(); t++) {
        JsonElement o = offsets.get(t);
        if (o.isJsonNull()) {
          assertThat(got.isContext(t)).as(at + " token " + t + " is not context").isFalse();
        } else {
          JsonArray pair = o.getAsJsonArray();
          assertThat(got.isContext(t)).as(at + " token " + t + " is context").isTrue();
          assertThat(
                  new int[] {
                    cp.toCodePoint(got.offsetStart()[t]), cp.toCodePoint(got.offsetEnd()[t])
                  })
              .as(at + " offsets of token " + t)
              .containsExactly(pair.get(0).getAsInt(), pair.get(1).getAsInt());
        }
      }
    }
  }

  private static int[] ints(JsonObject o, String key) {
    JsonArray a = o.getAsJsonArray(key);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }

  private static String join(int[] values) {
    StringJoiner j = new StringJoiner(",");
    for (int v : values) {
      j.add(Integer.toString(v));
    }
    return j.toString();
  }

  private static String offsets(QaFeature f, CodePointOffsets cp) {
    StringJoiner j = new StringJoiner(",");
    for (int t = 0; t < f.length(); t++) {
      j.add(
          f.isContext(t)
              ? cp.toCodePoint(f.offsetStart()[t]) + ":" + cp.toCodePoint(f.offsetEnd()[t])
              : "-");
    }
    return j.toString();
  }

  private static int sum(int[] values) {
    int s = 0;
    for (int v : values) {
      s += v;
    }
    return s;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
