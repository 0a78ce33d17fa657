package io.github.qa4j.core.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face Hub and a Maven repository on 127.0.0.1, enough for {@link ModelResolver}: the
 * revision API, {@code resolve} URLs (plain files with a Git blob ETag, LFS files redirected to a
 * storage path with {@code X-Linked-Etag}), Range requests, and knobs for failures.
 */
final class FakeHub implements AutoCloseable {

  /** One request as the server saw it. */
  record Request(String method, String path, String range, String authorization) {}

  final String repo;
  final String commit = "0123456789abcdef0123456789abcdef01234567";

  /** Repository files; those in {@link #lfs} are served as LFS files. */
  final Map<String, byte[]> files = new LinkedHashMap<>();

  final List<String> lfs = new ArrayList<>();

  /** Files below {@code /maven/}. */
  final Map<String, byte[]> maven = new LinkedHashMap<>();

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  /** When set, the Hub answers 401 unless this bearer token is sent. */
  volatile String requiredToken;

  /** When positive, the next LFS download sends only this many bytes, then drops the connection. */
  final AtomicInteger cutNextAfter = new AtomicInteger(-1);

  /** The host name in LFS redirects; another name for this server is another host to a client. */
  volatile String lfsHost = "127.0.0.1";

  /** When true, LFS downloads send content whose first byte is flipped. */
  volatile boolean corrupt;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  FakeHub(String repo) throws IOException {
    this.repo = repo;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void put(String file, byte[] content, boolean isLfs) {
    files.put(file, content);
    if (isLfs) {
      lfs.add(file);
    }
  }

  List<Request> requestsTo(String pathPrefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }
  }

  static String sha256(byte[] data) {
    return hex("SHA-256", new byte[0], data);
  }

  static String sha1(byte[] data) {
    return hex("SHA-1", new byte[0], data);
  }

  static String gitBlobSha1(byte[] data) {
    return hex("SHA-1", ("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII), data);
  }

  private static String hex(String algorithm, byte[] prefix, byte[] data) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(prefix);
      return HexFormat.of().formatHex(md.digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(
        new Request(
            ex.getRequestMethod(),
            path,
            ex.getRequestHeaders().getFirst("Range"),
            ex.getRequestHeaders().getFirst("Authorization")));
    try (ex) {
      if (path.startsWith("/maven/")) {
        byte[] body = maven.get(path.substring("/maven/".length()));
        send(ex, body == null ? 404 : 200, body == null ? new byte[0] : body);
        return;
      }
      if (path.startsWith("/lfs/")) {
        serveLfs(ex, path.substring("/lfs/".length()));
        return;
      }
      if (requiredToken != null
          && !("Bearer " + requiredToken)
              .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "{\"error\":\"Invalid credentials\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String api = "/api/models/" + repo + "/revision/";
      String resolve = "/" + repo + "/resolve/" + commit + "/";
      if (path.startsWith(api)) {
        StringBuilder json = new StringBuilder("{\"sha\":\"" + commit + "\",\"siblings\":[");
        String sep = "";
        for (String f : files.keySet()) {
          json.append(sep).append("{\"rfilename\":\"").append(f).append("\"}");
          sep = ",";
        }
        send(ex, 200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
        String file = path.substring(resolve.length());
        byte[] body = files.get(file);
        ex.getResponseHeaders().add("X-Repo-Commit", commit);
        if (lfs.contains(file)) {
          String sha = sha256(body);
          ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
          ex.getResponseHeaders().add("X-Linked-Size", Integer.toString(body.length));
          ex.getResponseHeaders()
              .add(
                  "ETag",
                  "\"" + gitBlobSha1(("pointer " + sha).getBytes(StandardCharsets.UTF_8)) + "\"");
          ex.getResponseHeaders()
              .add(
                  "Location",
                  "http://" + lfsHost + ":" + server.getAddress().getPort() + "/lfs/" + file);
          ex.sendResponseHeaders(302, -1);
        } else {
          ex.getResponseHeaders().add("ETag", "\"" + gitBlobSha1(body) + "\"");
          send(ex, 200, body);
        }
      } else {
        send(ex, 404, new byte[0]);
      }
    }
  }

  private void serveLfs(HttpExchange ex, String file) throws IOException {
    byte[] body = files.get(file);
    if (body == null) {
      send(ex, 404, new byte[0]);
      return;
    }
    if (corrupt) {
      body = body.clone();
      body[0] ^= 1;
    }
    int start = 0;
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null) {
      start = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      if (start >= body.length) {
        send(ex, 416, new byte[0]);
        return;
      }
      ex.getResponseHeaders()
          .add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
    }
    int length = body.length - start;
    int cut = cutNextAfter.getAndSet(-1);
    ex.sendResponseHeaders(range != null ? 206 : 200, length);
    OutputStream out = ex.getResponseBody();
    if (cut > 0 && cut < length) {
      out.write(body, start, cut);
      out.flush();
      // Leave the declared length unmet and drop the connection.
      throw new IOException("cut on purpose");
    }
    out.write(body, start, length);
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
