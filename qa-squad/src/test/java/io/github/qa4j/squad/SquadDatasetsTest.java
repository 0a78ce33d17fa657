package io.github.qa4j.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads by dataset name, against a server on 127.0.0.1. */
class SquadDatasetsTest {

  private static final String TINY =
      "{\"version\":\"1.1\",\"data\":[{\"title\":\"T\",\"paragraphs\":[{\"context\":\"Paris is"
          + " big.\",\"qas\":[{\"id\":\"q1\",\"question\":\"What is big?\",\"answers\":"
          + "[{\"text\":\"Paris\",\"answer_start\":0}]}]}]}]}";

  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @TempDir Path cache;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/dataset/",
        exchange -> {
          requests.incrementAndGet();
          String name = exchange.getRequestURI().getPath().substring("/dataset/".length());
          byte[] body = files.get(name);
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SquadDatasets source() {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dataset/");
    return new SquadDatasets(base, cache, HttpClient.newHttpClient());
  }

  @Test
  void downloadsOnceThenServesFromCache() throws IOException {
    files.put("train-v1.1.json", TINY.getBytes(StandardCharsets.UTF_8));
    Path first = source().resolve("squad", "train");
    Path second = source().resolve("squad", "train");
    assertThat(first).isEqualTo(second).hasFileName("train-v1.1.json");
    assertThat(Files.readString(first)).isEqualTo(TINY);
    assertThat(requests).hasValue(1);
  }

  @Test
  void devFileIsCheckedAgainstItsPublishedMd5() throws IOException {
    files.put("dev-v1.1.json", Files.readAllBytes(SharedData.devV11()));
    assertThat(Files.mismatch(source().resolve("squad", "validation"), SharedData.devV11()))
        .isEqualTo(-1);

    files.put("dev-v2.0.json", TINY.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> source().resolve("squad_v2", "validation"))
        .hasMessageContaining("dev-v2.0.json")
        .hasMessageContaining("MD5");
    assertThat(cache.resolve("dev-v2.0.json")).doesNotExist();
  }

  @Test
  void brokenOrMissingFilesLeaveNothingInTheCache() throws IOException {
    files.put("train-v2.0.json", TINY.substring(0, 50).getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> source().resolve("squad_v2", "train")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> source().resolve("squad", "train")).hasMessageContaining("HTTP 404");
    try (var left = Files.list(cache)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void unknownNamesAreRejectedByName() {
    assertThatThrownBy(() -> SquadDatasets.fileName("squad_v3", "train"))
        .hasMessageContaining("squad_v3");
    assertThatThrownBy(() -> SquadDatasets.fileName("squad", "test")).hasMessageContaining("test");
  }
}
