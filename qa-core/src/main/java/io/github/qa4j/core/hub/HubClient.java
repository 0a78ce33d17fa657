package io.github.qa4j.core.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Downloads a model's files from the Hugging Face Hub into the cache layout. */
final class HubClient {

  private final String endpoint;
  private final HttpFetcher http;
  private final HubCache cache;

  HubClient(String endpoint, HttpFetcher http, HubCache cache) {
    this.endpoint = endpoint;
    this.http = http;
    this.cache = cache;
  }

  /** The commit and file names the Hub lists for a repository revision. */
  record RepoInfo(String commit, Set<String> files) {}

  RepoInfo info(RepoId repo) throws IOException {
    URI uri =
        URI.create(
            endpoint + "/api/models/" + repo.name() + "/revision/" + encode(repo.revision()));
    String what = "model '" + repo + "'";
    String body = http.getString(uri, what);
    try {
      JsonObject json = JsonParser.parseString(body).getAsJsonObject();
      String commit = json.get("sha").getAsString();
      if (!HubCache.isCommitHash(commit)) {
        throw new IOException(what + ": the Hub answered a bad commit hash '" + commit + "'");
      }
      Set<String> files = new LinkedHashSet<>();
      JsonArray siblings = json.getAsJsonArray("siblings");
      for (JsonElement sibling : siblings) {
        files.add(sibling.getAsJsonObject().get("rfilename").getAsString());
      }
      return new RepoInfo(commit, files);
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new IOException(what + ": unexpected answer from " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fetches config, weights (one file or an index and its shards) and tokenizer files of {@code
   * repo} into the cache, reusing blobs already there, and returns the snapshot directory.
   */
  Path download(RepoId repo) throws IOException {
    RepoInfo info = info(repo);
    String what = "model '" + repo + "'";
    if (!info.files().contains(ModelFiles.CONFIG)) {
      throw new IOException(what + ": the repository has no " + ModelFiles.CONFIG);
    }
    List<String> files = new ArrayList<>();
    files.add(ModelFiles.CONFIG);
    String weights =
        ModelFiles.WEIGHT_CHOICES.stream()
            .filter(info.files()::contains)
            .findFirst()
            .orElseThrow(
                () ->
                    new IOException(
                        what
                            + ": the repository has none of the weight files "
                            + ModelFiles.WEIGHT_CHOICES
                            + "; it lists "
                            + info.files()));
    files.add(weights);
    for (String optional : ModelFiles.OPTIONAL) {
      if (info.files().contains(optional)) {
        files.add(optional);
      }
    }
    for (String file : files) {
      fetch(repo, info.commit(), file);
    }
    Path snapshot = cache.snapshot(repo, info.commit());
    if (ModelFiles.isIndex(weights)) {
      for (String shard : ModelFiles.shards(snapshot.resolve(weights))) {
        if (!info.files().contains(shard)) {
          throw new IOException(what + ": the weight index names " + shard + ", which is absent");
        }
        fetch(repo, info.commit(), shard);
      }
    }
    cache.writeRef(repo, info.commit());
    return snapshot;
  }

  private void fetch(RepoId repo, String commit, String file) throws IOException {
    URI uri =
        URI.create(endpoint + "/" + repo.name() + "/resolve/" + commit + "/" + encodePath(file));
    String what = "model '" + repo + "' file " + file;
    HttpResponse<Void> head = http.head(uri, what);
    String etag =
        head.headers()
            .firstValue("X-Linked-Etag")
            .or(() -> head.headers().firstValue("ETag"))
            .map(HubClient::normalizeEtag)
            .orElseThrow(() -> new IOException(what + ": the Hub sent no ETag for " + uri));
    if (!etag.matches("[A-Za-z0-9_.-]+")) {
      throw new IOException(what + ": unusable ETag '" + etag + "' from " + uri);
    }
    Path blob = cache.blob(repo, etag);
    // Another thread or process may be fetching the same blob; the lock also covers linking.
    FileLock lock = FileLock.acquire(cache.lock(repo, etag));
    try {
      if (!Files.isRegularFile(blob)) {
        URI source =
            head.statusCode() / 100 == 3
                ? head.headers().firstValue("Location").map(uri::resolve).orElse(uri)
                : uri;
        http.download(source, blob, ExpectedDigest.fromHubEtag(etag), what);
      }
      cache.link(repo, commit, file, etag);
    } finally {
      lock.close();
    }
  }

  /** An ETag without the weak marker and quotes, as huggingface_hub normalizes it. */
  static String normalizeEtag(String etag) {
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.toLowerCase(Locale.ROOT).matches("[0-9a-f]{40}|[0-9a-f]{64}")
        ? e.toLowerCase(Locale.ROOT)
        : e;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String part : path.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(encode(part));
    }
    return sb.toString();
  }
}
