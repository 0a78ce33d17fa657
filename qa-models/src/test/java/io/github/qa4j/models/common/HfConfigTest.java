package io.github.qa4j.models.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HfConfigTest {

  private static HfConfig config(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    return new HfConfig(o, Path.of("m", "config.json"));
  }

  @Test
  void readsTypedFields() {
    HfConfig c = config("{\"a\": 3, \"b\": 0.5, \"s\": \"x\", \"n\": null}");
    assertThat(c.positiveInt("a")).isEqualTo(3);
    assertThat(c.number("b")).isEqualTo(0.5);
    assertThat(c.optProbability("b", 0.1)).isEqualTo(0.5f);
    assertThat(c.string("s")).isEqualTo("x");
    assertThat(c.optString("n", "d")).isEqualTo("d");
    assertThat(c.optInt("missing", 9)).isEqualTo(9);
  }

  @Test
  void errorsNameFileAndField() {
    String file = Path.of("m", "config.json").toString();
    HfConfig c = config("{\"a\": \"big\", \"z\": 0, \"f\": 2.5, \"p\": 1.5}");
    assertThatThrownBy(() -> c.positiveInt("a"))
        .hasMessage(file + ": field 'a' must be an integer, got \"big\"");
    assertThatThrownBy(() -> c.positiveInt("z"))
        .hasMessage(file + ": field 'z' must be a positive integer, got 0");
    assertThatThrownBy(() -> c.positiveInt("f")).hasMessageContaining("'f' must be an integer");
    assertThatThrownBy(() -> c.positiveInt("q")).hasMessage(file + ": field 'q' is missing");
    assertThatThrownBy(() -> c.optProbability("p", 0))
        .hasMessage(file + ": field 'p' must be a probability in [0, 1), got 1.5");
    assertThatThrownBy(() -> c.string("z")).hasMessageContaining("'z' must be a string");
  }
}
