package io.github.qa4j.examples.programs;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Answers questions over HTTP: one {@link QuestionAnswerer}, which is thread-safe, serves every
 * request of the JDK's {@link HttpServer}.
 *
 * <pre>
 * java -cp examples/target/qa.jar io.github.qa4j.examples.programs.AnswerService \
 *     --model runs/bert-squad --port 8080
 * curl -s localhost:8080/answer -d '{"question": "Who won?", "context": "The Broncos won."}'
 * {"answers":[{"answer":"The Broncos","start":0,"end":11,"score":0.93,"logit_score":9.1,...}]}
 * </pre>
 *
 * <p>{@code POST /answer} takes {@code {"question": ..., "context": ...}} and returns the best
 * answers as {@code qa predict} prints them ({@code score} is the probability transformers'
 * pipeline gives); {@code GET /health} returns {@code {"status": "ok"}}. A bad request gets status
 * 400 and {@code {"error": ...}}. Ctrl-C or {@code kill -TERM} stops accepting requests, lets those
 * in flight finish, then frees the model.
 */
public final class AnswerService implements AutoCloseable {

  /** The largest request body accepted. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Gson GSON = new Gson();

  private final HttpServer server;
  private final ExecutorService workers;
  private final QuestionAnswerer answerer;

  private AnswerService(HttpServer server, ExecutorService workers, QuestionAnswerer answerer) {
    this.server = server;
    this.workers = workers;
    this.answerer = answerer;
  }

  /**
   * Serves until the JVM is stopped.
   *
   * @param args {@code --model DIR} (a fine-tuned model folder, Hub name or {@code maven:G:A:V}),
   *     optionally {@code --host} (127.0.0.1), {@code --port} (8080; 0 picks a free one), {@code
   *     --threads} (4), {@code --top-k} (3), {@code --max-seq-length} (384)
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    AnswerService service = start(args);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                }));
    System.out.println("answering on http://" + service.address() + "/answer");
    stopped.await();
  }

  /** Loads the model named by {@code args} (see {@link #main}) and starts serving. */
  public static AnswerService start(String[] args) throws IOException {
    ProgramArgs a =
        ProgramArgs.parse(
            args,
            Set.of("--model", "--host", "--port", "--threads", "--top-k", "--max-seq-length"));
    int maxSeqLength = a.integer("--max-seq-length", 384);
    QuestionAnswerer answerer =
        QuestionAnswerer.builder()
            .model(a.required("--model"))
            .maxSeqLength(maxSeqLength)
            .stride(Math.min(128, maxSeqLength / 2))
            .topK(a.integer("--top-k", 3))
            .build();
    try {
      return start(
          answerer,
          new InetSocketAddress(a.text("--host", "127.0.0.1"), a.integer("--port", 8080)),
          a.integer("--threads", 4));
    } catch (IOException | RuntimeException e) {
      answerer.close();
      throw e;
    }
  }

  /**
   * Serves {@code answerer} at {@code address} with {@code threads} request threads; closing the
   * service closes the answerer.
   */
  public static AnswerService start(
      QuestionAnswerer answerer, InetSocketAddress address, int threads) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    AnswerService service = new AnswerService(server, workers, answerer);
    server.setExecutor(workers);
    server.createContext("/answer", service::answer);
    server.createContext("/health", exchange -> service.reply(exchange, 200, status("ok")));
    server.start();
    return service;
  }

  /** The address the service listens on, with the port it got. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "POST");
        reply(exchange, 405, error("use POST with {\"question\": ..., \"context\": ...}"));
        return;
      }
      JsonObject request;
      try {
        request = JsonParser.parseString(body(exchange)).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
        reply(exchange, 400, error("the body is not a JSON object: " + e.getMessage()));
        return;
      }
      String question = text(request, "question");
      String context = text(request, "context");
      if (question == null || question.isBlank() || context == null || context.isEmpty()) {
        reply(exchange, 400, error("give a non-empty \"question\" and \"context\" (strings)"));
        return;
      }
      List<RankedAnswer> answers;
      try {
        answers = answerer.answer(question, context);
      } catch (RuntimeException e) {
        reply(exchange, 500, error("cannot answer: " + e.getMessage()));
        return;
      }
      JsonArray list = new JsonArray();
      for (RankedAnswer answer : answers) {
        JsonObject o = new JsonObject();
        o.addProperty("answer", answer.text());
        o.addProperty("start", answer.start());
        o.addProperty("end", answer.end());
        o.addProperty("score", answer.score());
        o.addProperty("logit_score", answer.logitScore());
        o.addProperty("no_answer", answer.noAnswer());
        list.add(o);
      }
      JsonObject response = new JsonObject();
      response.add("answers", list);
      reply(exchange, 200, response);
    }
  }

  /** The request body as UTF-8, refusing bodies over {@link #MAX_BODY_BYTES}. */
  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IllegalArgumentException("over " + MAX_BODY_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private void reply(HttpExchange exchange, int status, JsonObject json) throws IOException {
    byte[] bytes = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String text(JsonObject request, String key) {
    JsonElement value = request.get(key);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? value.getAsString()
        : null;
  }

  private static JsonObject error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    return o;
  }

  private static JsonObject status(String value) {
    JsonObject o = new JsonObject();
    o.addProperty("status", value);
    return o;
  }

  /** Stops accepting requests, waits up to 10 seconds for those in flight, then frees the model. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    answerer.close();
  }
}
