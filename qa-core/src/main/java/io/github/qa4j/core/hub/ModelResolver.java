package io.github.qa4j.core.hub;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Stopwatch;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a model name into a local Hugging Face model directory ({@code config.json}, weights,
 * tokenizer files).
 *
 * <p>In this order:
 *
 * <ol>
 *   <li>{@code maven:GROUP:ARTIFACT:VERSION}: the jar from the local Maven repository, or
 *       downloaded there from the remote repository and checked against its {@code .sha1}; then
 *       converted once, by the first {@link CheckpointConverter} that accepts it, into the
 *       conversion cache;
 *   <li>a local directory;
 *   <li>a Hugging Face repository id ({@code NAME}, {@code ORG/NAME}, optionally {@code @REVISION})
 *       whose snapshot in the Hugging Face cache is complete;
 *   <li>a download of that repository from the Hub into the same cache ({@code blobs/}, {@code
 *       snapshots/}, {@code refs/}), resumable and checksum-verified, unless offline.
 * </ol>
 *
 * <p>{@link #defaults()} reads the environment as huggingface_hub does: {@code HF_HUB_CACHE}, else
 * {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}; {@code HF_ENDPOINT}; {@code
 * HF_TOKEN}; {@code HF_HUB_OFFLINE}; and the system property {@code maven.repo.local}. Use {@link
 * #builder()} to configure it in code.
 */
public final class ModelResolver {

  private static final Logger LOG = LoggerFactory.getLogger(ModelResolver.class);

  /** The public Hub. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  /** Maven Central. */
  public static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

  private final HubCache cache;
  private final boolean offline;
  private final Path conversionCache;
  private final HubClient hub;
  private final MavenRepository maven;
  private final List<CheckpointConverter> converters;

  private ModelResolver(Builder b) {
    this.cache = new HubCache(b.cacheDir);
    this.offline = b.offline;
    this.conversionCache = b.conversionCache;
    HttpClient client =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    URI endpointUri = URI.create(b.endpoint);
    this.hub =
        new HubClient(
            b.endpoint,
            new HttpFetcher(client, b.token, endpointUri.getRawAuthority(), "HF_TOKEN", b.attempts),
            cache);
    this.maven =
        new MavenRepository(
            b.mavenLocal,
            b.mavenRemote,
            new HttpFetcher(client, null, "", "credentials", b.attempts),
            b.offline);
    this.converters = b.converters;
  }

  /** The resolver configured from the environment ({@code HF_HOME}, {@code HF_ENDPOINT}, ...). */
  public static ModelResolver defaults() {
    return builder().environment(System.getenv(), System.getProperties()).build();
  }

  /** A builder starting from the defaults of an empty environment; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves {@code nameOrPath} to a directory holding {@code config.json}.
   *
   * @throws IOException when the name resolves to nothing, or a download or conversion fails; the
   *     message says which step and why
   */
  public Path resolve(String nameOrPath) throws IOException {
    Objects.requireNonNull(nameOrPath, "nameOrPath");
    if (nameOrPath.startsWith(MavenCoordinates.PREFIX)) {
      return resolveMaven(MavenCoordinates.parse(nameOrPath));
    }
    Optional<Path> local = localDirectory(nameOrPath);
    if (local.isPresent()) {
      LOG.debug("model '{}': the local directory {}", nameOrPath, local.get().toAbsolutePath());
      return local.get();
    }
    RepoId repo =
        RepoId.parse(nameOrPath)
            .orElseThrow(
                () ->
                    new IOException(
                        "model '"
                            + nameOrPath
                            + "' is not a local directory, a Hugging Face repository id"
                            + " (ORG/NAME[@REVISION]) or maven:GROUP:ARTIFACT:VERSION"));
    Optional<String> commit = cache.commit(repo);
    if (commit.isPresent() && ModelFiles.isComplete(cache.snapshot(repo, commit.get()))) {
      LOG.debug(
          "model '{}': the Hugging Face cache {}", nameOrPath, cache.snapshot(repo, commit.get()));
      return cache.snapshot(repo, commit.get());
    }
    if (offline) {
      throw new IOException(
          "model '"
              + nameOrPath
              + "' is neither a local directory nor complete in the Hugging Face cache "
              + cache.repoDir(repo)
              + ", and offline mode (HF_HUB_OFFLINE) forbids downloading it");
    }
    LOG.info("model '{}': not in the Hugging Face cache; downloading it from the Hub", nameOrPath);
    Path downloaded = hub.download(repo);
    LOG.info("model '{}': {}", nameOrPath, downloaded);
    return downloaded;
  }

  private static Optional<Path> localDirectory(String nameOrPath) {
    try {
      Path p = Path.of(nameOrPath);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private Path resolveMaven(MavenCoordinates coordinates) throws IOException {
    Path target =
        conversionCache
            .resolve(coordinates.groupId())
            .resolve(coordinates.artifactId())
            .resolve(coordinates.version());
    if (ModelFiles.isComplete(target)) {
      LOG.debug("model '{}': converted earlier, {}", coordinates, target);
      return target;
    }
    Path jar = maven.resolve(coordinates);
    CheckpointConverter converter = converterFor(jar, coordinates);
    LOG.info(
        "model '{}': converting {} with the {} converter (once; kept in {})",
        coordinates,
        jar,
        converter.name(),
        target);
    Stopwatch stopwatch = Stopwatch.createStarted();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + coordinates.version() + ".");
    try {
      converter.convert(jar, tmp);
      if (!ModelFiles.isComplete(tmp)) {
        throw new IOException(
            converter.name() + " converter wrote no complete model directory for " + coordinates);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("model '{}': converted in {}", coordinates, stopwatch);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // Another process converted it meanwhile; theirs is as good as ours.
      if (!ModelFiles.isComplete(target)) {
        throw new IOException(target + " exists but is not a complete model directory", e);
      }
    } finally {
      deleteTree(tmp);
    }
    return target;
  }

  private CheckpointConverter converterFor(Path jar, MavenCoordinates coordinates)
      throws IOException {
    List<String> names = new ArrayList<>();
    for (CheckpointConverter c : converters()) {
      if (c.accepts(jar)) {
        return c;
      }
      names.add(c.name());
    }
    throw new IOException(
        coordinates
            + " ("
            + jar
            + "): no checkpoint converter reads it (converters found: "
            + (names.isEmpty() ? "none; is qa-models on the classpath?" : String.join(", ", names))
            + ")");
  }

  private List<CheckpointConverter> converters() {
    if (converters != null) {
      return converters;
    }
    List<CheckpointConverter> found = new ArrayList<>();
    ServiceLoader.load(CheckpointConverter.class).forEach(found::add);
    return found;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      // Insecure deletion is allowed where the file system cannot delete without following links
      // (macOS, Windows): the tree is one this class made in its own cache.
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /**
   * Configures a {@link ModelResolver}. Without {@link #environment}, the defaults are those of an
   * empty environment: the cache in {@code ~/.cache/huggingface/hub}, the public Hub, no token,
   * online, {@code ~/.m2/repository} and Maven Central.
   */
  public static final class Builder {
    private Path cacheDir;
    private String endpoint = DEFAULT_ENDPOINT;
    private String token;
    private boolean offline;
    private Path mavenLocal;
    private URI mavenRemote = MAVEN_CENTRAL;
    private Path conversionCache;
    private HttpClient httpClient;
    private List<CheckpointConverter> converters;
    private int attempts = 3;

    private Builder() {
      Path home = Path.of(System.getProperty("user.home"));
      cacheDir = home.resolve(".cache/huggingface/hub");
      mavenLocal = home.resolve(".m2/repository");
      conversionCache = home.resolve(".cache/qa4j/converted");
    }

    /**
     * Applies environment variables and system properties as huggingface_hub and Maven read them:
     * {@code HF_HUB_CACHE} (else {@code HF_HOME/hub}, else {@code XDG_CACHE_HOME/huggingface/hub}),
     * {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE} (1, true, yes or on), {@code
     * maven.repo.local}; the conversion cache goes to {@code XDG_CACHE_HOME/qa4j/converted} when
     * that is set.
     */
    public Builder environment(Map<String, String> env, Properties properties) {
      String xdg = blankToNull(env.get("XDG_CACHE_HOME"));
      String hfHome = blankToNull(env.get("HF_HOME"));
      String hubCache = blankToNull(env.get("HF_HUB_CACHE"));
      if (hubCache != null) {
        cacheDir = Path.of(hubCache);
      } else if (hfHome != null) {
        cacheDir = Path.of(hfHome, "hub");
      } else if (xdg != null) {
        cacheDir = Path.of(xdg, "huggingface", "hub");
      }
      if (xdg != null) {
        conversionCache = Path.of(xdg, "qa4j", "converted");
      }
      Optional.ofNullable(blankToNull(env.get("HF_ENDPOINT"))).ifPresent(this::endpoint);
      token = blankToNull(env.get("HF_TOKEN"));
      String off = env.getOrDefault("HF_HUB_OFFLINE", "").strip().toLowerCase(Locale.ROOT);
      offline = List.of("1", "true", "yes", "on").contains(off);
      String repoLocal = blankToNull(properties.getProperty("maven.repo.local"));
      if (repoLocal != null) {
        mavenLocal = Path.of(repoLocal);
      }
      return this;
    }

    /** The Hugging Face hub cache directory (the folder holding {@code models--ORG--NAME}). */
    public Builder cacheDir(Path dir) {
      this.cacheDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The Hub's base URL, such as {@code https://huggingface.co}. */
    public Builder endpoint(String url) {
      String u = Objects.requireNonNull(url, "url").strip();
      while (u.endsWith("/")) {
        u = u.substring(0, u.length() - 1);
      }
      URI uri = URI.create(u);
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("Hub endpoint '" + url + "' is not an absolute URL");
      }
      this.endpoint = u;
      return this;
    }

    /** The Hub access token, sent as a bearer token to the endpoint's host only; null for none. */
    public Builder token(String token) {
      this.token = blankToNull(token);
      return this;
    }

    /**
     * Whether network access is forbidden (Hub and Maven): only local files and caches are used.
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** The local Maven repository, {@code ~/.m2/repository} by default. */
    public Builder mavenLocalRepository(Path dir) {
      this.mavenLocal = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The remote Maven repository, Maven Central by default. */
    public Builder mavenRepository(URI url) {
      String u = Objects.requireNonNull(url, "url").toString();
      this.mavenRemote = URI.create(u.endsWith("/") ? u : u + "/");
      return this;
    }

    /** Where Maven artifacts converted to Hugging Face directories are kept. */
    public Builder conversionCache(Path dir) {
      this.conversionCache = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The HTTP client. The resolver follows redirects itself, so that the token never leaves the
     * endpoint's host; a client that follows them on its own defeats that.
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The converters for Maven artifacts, instead of those {@link ServiceLoader} finds. */
    public Builder converters(List<CheckpointConverter> converters) {
      this.converters = List.copyOf(converters);
      return this;
    }

    /** How many times one download is tried, resuming where the last try was cut (at least 1). */
    public Builder attempts(int attempts) {
      checkArgument(attempts >= 1, "attempts must be at least 1, got %s", attempts);
      this.attempts = attempts;
      return this;
    }

    /** The resolver. */
    public ModelResolver build() {
      return new ModelResolver(this);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
