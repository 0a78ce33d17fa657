package io.github.qa4j.core.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for the resolver: requests with an optional bearer token, redirects followed by hand (the
 * token goes only to the host it was configured for), and resumable, checksum-verified downloads.
 */
final class HttpFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);

  private static final int MAX_REDIRECTS = 10;
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern CONTENT_RANGE_START =
      Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

  private final HttpClient client;

  private final String token;
  private final String tokenAuthority;
  private final String tokenHint;
  private final int attempts;

  /**
   * @param token bearer token or null
   * @param tokenAuthority the only {@code host:port} the token is sent to
   * @param tokenHint how the user sets the token, for messages (for example {@code HF_TOKEN})
   * @param attempts how many times a cut download is resumed before giving up
   */
  HttpFetcher(
      HttpClient client, String token, String tokenAuthority, String tokenHint, int attempts) {
    this.client = Objects.requireNonNull(client, "client");
    this.token = token;
    this.tokenAuthority = tokenAuthority;
    this.tokenHint = tokenHint;
    this.attempts = attempts;
  }

  /** Whether a token is configured. */
  boolean hasToken() {
    return token != null;
  }

  /**
   * Sends a HEAD request, following only same-host relative redirects (as huggingface_hub does: the
   * Hub answers LFS files with a redirect whose own headers carry the metadata).
   */
  HttpResponse<Void> head(URI uri, String what) throws IOException {
    URI current = uri;
    for (int i = 0; i <= MAX_REDIRECTS; i++) {
      HttpResponse<Void> response =
          send(
              request(current).method("HEAD", HttpRequest.BodyPublishers.noBody()),
              current,
              what,
              HttpResponse.BodyHandlers.discarding());
      Optional<String> location = response.headers().firstValue("Location");
      if (isRedirect(response.statusCode())
          && location.isPresent()
          && location.get().startsWith("/")
          && !location.get().startsWith("//")) {
        current = current.resolve(location.get());
        continue;
      }
      if (response.statusCode() >= 400) {
        throw httpError(response.statusCode(), current, what);
      }
      return response;
    }
    throw new IOException(what + ": more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  /** GETs a small text resource, following redirects. */
  String getString(URI uri, String what) throws IOException {
    HttpResponse<String> response =
        follow(uri, what, null, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw httpError(response.statusCode(), response.uri(), what);
    }
    return response.body();
  }

  /**
   * Downloads {@code uri} into {@code target} through {@code target.incomplete}: an existing
   * partial file is resumed with an HTTP Range request, a connection cut mid-way is resumed up to
   * the configured number of attempts, and the whole file is checked against {@code expected}
   * before it is renamed into place. A file that fails the check is deleted.
   */
  void download(URI uri, Path target, Optional<ExpectedDigest> expected, String what)
      throws IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".incomplete");
    Files.createDirectories(target.toAbsolutePath().getParent());
    IOException lastCut = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      HttpResponse<InputStream> response =
          follow(
              uri,
              what,
              have > 0 ? "bytes=" + have + "-" : null,
              HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      boolean append;
      if (status == 206 && have > 0) {
        if (rangeStart(response) != have) {
          response.body().close();
          throw new IOException(
              what
                  + ": server resumed at the wrong offset ("
                  + response.headers().firstValue("Content-Range").orElse("no Content-Range")
                  + ", asked "
                  + have
                  + ")");
        }
        append = true;
      } else if (status == 200) {
        append = false;
      } else if (status == 416 && have > 0) {
        // The partial file is at least as long as the resource: check it whole, as it is.
        response.body().close();
        break;
      } else {
        response.body().close();
        throw httpError(status, response.uri(), what);
      }
      long start = append ? have : 0;
      if (start > 0) {
        LOG.info("{}: resuming the download of {} at {} bytes", what, response.uri(), start);
      } else {
        LOG.info("{}: downloading {}", what, response.uri());
      }
      try (InputStream in = response.body();
          OutputStream out =
              Files.newOutputStream(
                  partial,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        new DownloadProgress(what, start, total(response, start)).copy(in, out);
        lastCut = null;
        break;
      } catch (IOException e) {
        LOG.warn(
            "{}: download cut ({}); attempt {} of {}", what, e.getMessage(), attempt, attempts);
        lastCut = e;
      }
    }
    if (lastCut != null) {
      throw new IOException(
          what
              + ": download cut after "
              + Files.size(partial)
              + " bytes ("
              + lastCut.getMessage()
              + "); the partial file "
              + partial
              + " is kept and the next attempt resumes it",
          lastCut);
    }
    if (expected.isPresent()) {
      try {
        expected.get().verify(partial, what);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The whole file's length: from Content-Range when resuming, else Content-Length; or -1. */
  private static long total(HttpResponse<?> response, long start) {
    if (start > 0) {
      Matcher m =
          CONTENT_RANGE_START.matcher(response.headers().firstValue("Content-Range").orElse(""));
      return m.matches() && !m.group(2).equals("*") ? Long.parseLong(m.group(2)) : -1;
    }
    return response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  private static long rangeStart(HttpResponse<?> response) {
    Matcher m =
        CONTENT_RANGE_START.matcher(response.headers().firstValue("Content-Range").orElse(""));
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private <T> HttpResponse<T> follow(
      URI uri, String what, String range, HttpResponse.BodyHandler<T> handler) throws IOException {
    URI current = uri;
    for (int i = 0; i <= MAX_REDIRECTS; i++) {
      HttpRequest.Builder request = request(current).GET();
      if (range != null) {
        request.header("Range", range);
      }
      HttpResponse<T> response = send(request, current, what, handler);
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        return response;
      }
      if (response.body() instanceof InputStream in) {
        in.close();
      }
      current = current.resolve(location.get());
    }
    throw new IOException(what + ": more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("User-Agent", "qa4j");
    if (token != null && tokenAuthority.equals(uri.getRawAuthority())) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder request, URI uri, String what, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return client.send(request.build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted while fetching " + uri, e);
    } catch (IOException e) {
      // A refused or unresolvable connection comes with no message: say what kind it was.
      String reason =
          e.getMessage() != null
              ? e.getMessage()
              : e.getClass().getSimpleName() + " (no network, or the host is unreachable)";
      throw new IOException(
          what
              + " is not a local file or folder, and fetching it from the Hub failed: "
              + uri
              + ": "
              + reason,
          e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** An error that says what an HTTP status means for the user. */
  IOException httpError(int status, URI uri, String what) {
    String meaning =
        switch (status) {
          case 401 ->
              token == null
                  ? "authentication required (a private or gated repository, or none at all);"
                      + " set "
                      + tokenHint
                  : "the token was rejected; check " + tokenHint;
          case 403 -> "access denied (a gated repository whose terms were not accepted?)";
          case 404 -> "not found";
          default -> "unexpected answer";
        };
    return new IOException(what + ": HTTP " + status + " from " + uri + ": " + meaning);
  }
}
