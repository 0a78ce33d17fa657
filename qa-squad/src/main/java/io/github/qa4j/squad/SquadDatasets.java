package io.github.qa4j.squad;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The official SQuAD files by dataset name ({@code squad}, {@code squad_v2}) and split ({@code
 * train}, {@code validation}), downloaded once into a cache directory, as {@code --dataset_name}
 * does in transformers' scripts.
 *
 * <p>A download is checked before it enters the cache: the dev files against their published MD5,
 * every file by parsing it as SQuAD. A failed download leaves nothing in the cache.
 */
public final class SquadDatasets {

  /** Where the official files are published. */
  public static final String DEFAULT_BASE_URL =
      "https://rajpurkar.github.io/SQuAD-explorer/dataset/";

  private static final Map<String, String> KNOWN_MD5 =
      Map.of(
          "dev-v1.1.json", "3e85deb501d4e538b6bc56f786231552",
          "dev-v2.0.json", "246adae8b7002f8679c027697b0b7cf8");

  private final URI baseUrl;
  private final Path cacheDir;
  private final HttpClient client;

  /**
   * Creates a source.
   *
   * @param baseUrl the folder URL the files are under (ends with '/')
   * @param cacheDir where downloaded files are kept
   * @param client the HTTP client
   */
  public SquadDatasets(URI baseUrl, Path cacheDir, HttpClient client) {
    this.baseUrl = Objects.requireNonNull(baseUrl);
    this.cacheDir = Objects.requireNonNull(cacheDir);
    this.client = Objects.requireNonNull(client);
  }

  /**
   * The default source: {@code QA4J_SQUAD_URL} or the official site, cached in {@code
   * QA4J_CACHE}/squad or {@code ~/.cache/qa4j/squad}.
   */
  public static SquadDatasets defaults() {
    String url = System.getenv().getOrDefault("QA4J_SQUAD_URL", DEFAULT_BASE_URL);
    String cache = System.getenv("QA4J_CACHE");
    Path dir =
        cache != null
            ? Path.of(cache, "squad")
            : Path.of(System.getProperty("user.home"), ".cache", "qa4j", "squad");
    return new SquadDatasets(
        URI.create(url.endsWith("/") ? url : url + "/"),
        dir,
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  /** This source with downloads kept in {@code dir} instead ({@code --cache_dir}). */
  public SquadDatasets withCacheDir(Path dir) {
    return new SquadDatasets(baseUrl, dir, client);
  }

  /** The file name of a dataset split, for example {@code dev-v2.0.json}. */
  public static String fileName(String dataset, String split) {
    String version =
        switch (dataset) {
          case "squad" -> "v1.1";
          case "squad_v2" -> "v2.0";
          default ->
              throw new IllegalArgumentException(
                  "unknown dataset_name '" + dataset + "' (expected squad or squad_v2)");
        };
    String prefix =
        switch (split) {
          case "train" -> "train";
          case "validation" -> "dev";
          default ->
              throw new IllegalArgumentException(
                  "unknown split '" + split + "' (expected train or validation)");
        };
    return prefix + "-" + version + ".json";
  }

  /** The cached file of a dataset split, downloading it first if needed. */
  public Path resolve(String dataset, String split) throws IOException {
    String name = fileName(dataset, split);
    Path target = cacheDir.resolve(name);
    if (Files.isRegularFile(target)) {
      return target;
    }
    Files.createDirectories(cacheDir);
    Path download = Files.createTempFile(cacheDir, "." + name, ".download");
    try {
      fetch(baseUrl.resolve(name), download);
      verify(name, download);
      AtomicFiles.write(target, out -> Files.copy(download, out));
    } finally {
      Files.deleteIfExists(download);
    }
    return target;
  }

  private void fetch(URI uri, Path into) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException(uri + ": HTTP " + response.statusCode());
        }
        Files.copy(body, into, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(uri + ": download interrupted", e);
    }
  }

  private static void verify(String name, Path file) throws IOException {
    String expected = KNOWN_MD5.get(name);
    if (expected != null) {
      String actual = md5(file);
      if (!actual.equals(expected)) {
        throw new IOException(
            name + ": MD5 " + actual + " does not match the published " + expected);
      }
    }
    // Parsing the whole file proves it is complete SQuAD JSON before it is cached.
    SquadReader.strict().stream(file, example -> {});
  }

  // MD5 is the checksum the SQuAD site publishes: a check against broken downloads, not security,
  // for which Guava deprecates it.
  @SuppressWarnings("deprecation")
  private static String md5(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.md5()).toString();
  }
}
