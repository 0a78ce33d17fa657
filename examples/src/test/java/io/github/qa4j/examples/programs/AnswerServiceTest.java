package io.github.qa4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnswerService} on 127.0.0.1 with a free port and a tiny model: answers, errors, concurrent
 * requests, and a clean stop.
 */
class AnswerServiceTest {

  @TempDir Path tmp;

  private static final String CONTEXT =
      "Super Bowl 50 was an American football game. The Denver Broncos defeated the Carolina"
          + " Panthers 24-10 to earn their third Super Bowl title.";

  private static HttpResponse<String> send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String question(String q) {
    JsonObject o = new JsonObject();
    o.addProperty("question", q);
    o.addProperty("context", CONTEXT);
    return o.toString();
  }

  @Test
  void answersOverHttpAndStopsCleanly() throws Exception {
    Path model = TinyData.modelFolder(tmp);
    AnswerService service =
        AnswerService.start(
            new String[] {
              "--model", model.toString(), "--port", "0", "--max-seq-length", "128", "--top-k", "2"
            });
    URI base = URI.create("http://127.0.0.1:" + service.address().getPort());
    HttpClient client = HttpClient.newHttpClient();
    try {
      HttpResponse<String> health =
          send(client, HttpRequest.newBuilder(base.resolve("/health")).build());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"ok\"");

      HttpResponse<String> ok = send(client, post(base.resolve("/answer"), question("Who won?")));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      JsonArray answers =
          JsonParser.parseString(ok.body()).getAsJsonObject().getAsJsonArray("answers");
      assertThat(answers).hasSize(2);
      for (var a : answers) {
        JsonObject o = a.getAsJsonObject();
        assertThat(CONTEXT.substring(o.get("start").getAsInt(), o.get("end").getAsInt()))
            .isEqualTo(o.get("answer").getAsString());
        assertThat(o.get("score").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(o.has("logit_score")).isTrue();
      }

      // Concurrent requests get the answers a single request gets.
      ExecutorService callers = Executors.newFixedThreadPool(6);
      try {
        List<Future<String>> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          bodies.add(
              callers.submit(
                  () -> send(client, post(base.resolve("/answer"), question("Who won?"))).body()));
        }
        for (Future<String> body : bodies) {
          assertThat(body.get()).isEqualTo(ok.body());
        }
      } finally {
        callers.shutdown();
      }

      HttpResponse<String> notJson = send(client, post(base.resolve("/answer"), "{not json"));
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.body()).contains("\"error\"");
      HttpResponse<String> noQuestion =
          send(client, post(base.resolve("/answer"), "{\"context\": \"text\"}"));
      assertThat(noQuestion.statusCode()).isEqualTo(400);
      assertThat(noQuestion.body()).contains("question");
      HttpResponse<String> get =
          send(client, HttpRequest.newBuilder(base.resolve("/answer")).build());
      assertThat(get.statusCode()).isEqualTo(405);
    } finally {
      service.close();
    }
    assertThatThrownBy(() -> send(client, post(base.resolve("/answer"), question("Who won?"))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aMissingModelArgumentIsNamed() {
    assertThatThrownBy(() -> AnswerService.start(new String[] {"--port", "0"}))
        .hasMessageContaining("--model");
    assertThatThrownBy(() -> AnswerService.start(new String[] {"--prot", "0"}))
        .hasMessageContaining("--prot");
  }
}
