package io.github.qa4j.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

  private static final String REPO = "org/tiny-model";

  @TempDir Path tmp;
  private FakeHub hub;
  private byte[] weights;

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub(REPO);
    weights = new byte[50_000];
    new Random(7).nextBytes(weights);
    hub.put("config.json", "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8), false);
    hub.put("model.safetensors", weights, true);
    hub.put("tokenizer.json", "{\"version\":\"1.0\"}".getBytes(StandardCharsets.UTF_8), false);
    hub.put("vocab.txt", "[PAD]\n[UNK]\n".getBytes(StandardCharsets.UTF_8), false);
    hub.put("pytorch_model.bin", new byte[] {1, 2, 3}, true);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private ModelResolver.Builder resolver() {
    return ModelResolver.builder()
        .cacheDir(tmp.resolve("hf"))
        .endpoint(hub.endpoint())
        .mavenLocalRepository(tmp.resolve("m2"))
        .mavenRepository(URI.create(hub.endpoint() + "/maven/"))
        .conversionCache(tmp.resolve("converted"));
  }

  private Path repoDir() {
    return tmp.resolve("hf/models--org--tiny-model");
  }

  @Test
  void downloadsIntoTheHuggingFaceCacheLayout() throws IOException {
    Path dir = resolver().build().resolve(REPO);

    assertThat(dir).isEqualTo(repoDir().resolve("snapshots/" + hub.commit));
    assertThat(Files.readString(repoDir().resolve("refs/main"))).isEqualTo(hub.commit);
    assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(weights);
    assertThat(Files.isSymbolicLink(dir.resolve("model.safetensors"))).isTrue();
    assertThat(dir.resolve("model.safetensors").toRealPath())
        .isEqualTo(repoDir().resolve("blobs/" + FakeHub.sha256(weights)).toRealPath());
    byte[] config = hub.files.get("config.json");
    assertThat(repoDir().resolve("blobs/" + FakeHub.gitBlobSha1(config))).hasBinaryContent(config);
    assertThat(dir.resolve("tokenizer.json")).exists();
    assertThat(dir.resolve("vocab.txt")).hasContent("[PAD]\n[UNK]");
    assertThat(dir.resolve("pytorch_model.bin")).doesNotExist();
    try (var blobs = Files.list(repoDir().resolve("blobs"))) {
      assertThat(blobs.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("incomplete"));
    }
  }

  @Test
  void aCompleteCachedSnapshotIsUsedWithoutTheNetwork() throws IOException {
    Path first = resolver().build().resolve(REPO);
    int before = hub.requests.size();

    Path second = resolver().build().resolve(REPO);
    Path offline = resolver().offline(true).build().resolve(REPO);

    assertThat(second).isEqualTo(first);
    assertThat(offline).isEqualTo(first);
    assertThat(hub.requests).hasSize(before);
  }

  @Test
  void concurrentResolvesDownloadEachBlobOnce() throws Exception {
    ModelResolver r = resolver().build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> r.resolve(REPO)));
      }
      for (Future<Path> f : results) {
        assertThat(Files.readAllBytes(f.get().resolve("model.safetensors"))).isEqualTo(weights);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(hub.requestsTo("/lfs/")).hasSize(1);
    assertThat(repoDir().getParent().resolve(".locks/models--org--tiny-model")).isDirectory();
  }

  @Test
  void resumesADownloadCutMidway() throws IOException {
    hub.cutNextAfter.set(12_345);

    Path dir = resolver().build().resolve(REPO);

    assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(weights);
    List<FakeHub.Request> gets = hub.requestsTo("/lfs/model.safetensors");
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).range()).isNull();
    // The socket may drop the last bytes sent before the cut: resumed from what arrived.
    assertThat(gets.get(1).range()).matches("bytes=\\d+-");
    long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
    assertThat(resumedAt).isPositive().isLessThanOrEqualTo(12_345);
  }

  @Test
  void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
    hub.cutNextAfter.set(20_000);
    assertThatThrownBy(() -> resolver().attempts(1).build().resolve(REPO))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("download cut after");
    Path partial = repoDir().resolve("blobs/" + FakeHub.sha256(weights) + ".incomplete");
    long kept = Files.size(partial);
    assertThat(kept).isPositive().isLessThanOrEqualTo(20_000);

    Path dir = resolver().build().resolve(REPO);

    assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(weights);
    assertThat(hub.requestsTo("/lfs/").get(1).range()).isEqualTo("bytes=" + kept + "-");
    assertThat(partial).doesNotExist();
  }

  @Test
  void aBadChecksumLeavesNoFileBehind() {
    hub.corrupt = true;

    assertThatThrownBy(() -> resolver().build().resolve(REPO))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(FakeHub.sha256(weights));
    Path blob = repoDir().resolve("blobs/" + FakeHub.sha256(weights));
    assertThat(blob).doesNotExist();
    assertThat(blob.resolveSibling(blob.getFileName() + ".incomplete")).doesNotExist();
    assertThat(repoDir().resolve("refs/main")).doesNotExist();
  }

  @Test
  void unauthorizedWithoutATokenSaysToSetOne() {
    hub.requiredToken = "s3cret";

    assertThatThrownBy(() -> resolver().build().resolve(REPO))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("set HF_TOKEN");
    assertThat(hub.requests).allMatch(r -> r.authorization() == null);
  }

  @Test
  void unauthorizedWithAWrongTokenSaysItWasRejected() {
    hub.requiredToken = "s3cret";

    assertThatThrownBy(() -> resolver().token("wrong").build().resolve(REPO))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("token was rejected");
  }

  @Test
  void theRightTokenIsSentAsABearerToken() throws IOException {
    hub.requiredToken = "s3cret";

    Path dir = resolver().token("s3cret").build().resolve(REPO);

    assertThat(dir.resolve("config.json")).exists();
    assertThat(hub.requestsTo("/api/").get(0).authorization()).isEqualTo("Bearer s3cret");
  }

  @Test
  void theTokenDoesNotFollowARedirectToAnotherHost() throws IOException {
    hub.requiredToken = "s3cret";
    hub.lfsHost = "localhost";

    Path dir = resolver().token("s3cret").build().resolve(REPO);

    assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(weights);
    assertThat(hub.requestsTo("/org/"))
        .isNotEmpty()
        .allMatch(r -> "Bearer s3cret".equals(r.authorization()));
    assertThat(hub.requestsTo("/lfs/")).hasSize(1).allMatch(r -> r.authorization() == null);
  }

  @Test
  void offlineModeForbidsTheNetwork() {
    assertThatThrownBy(() -> resolver().offline(true).build().resolve(REPO))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("offline")
        .hasMessageContaining("models--org--tiny-model");
    assertThat(hub.requests).isEmpty();
  }

  @Test
  void shardedWeightsFetchTheIndexAndEveryShard() throws IOException {
    hub.files.remove("model.safetensors");
    hub.lfs.remove("model.safetensors");
    String index =
        "{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\","
            + "\"b\":\"model-00002-of-00002.safetensors\",\"c\":\"model-00001-of-00002.safetensors\"}}";
    hub.put("model.safetensors.index.json", index.getBytes(StandardCharsets.UTF_8), false);
    hub.put("model-00001-of-00002.safetensors", new byte[] {1, 2, 3, 4}, true);
    hub.put("model-00002-of-00002.safetensors", new byte[] {5, 6}, true);

    Path dir = resolver().build().resolve(REPO);

    assertThat(dir.resolve("model-00001-of-00002.safetensors"))
        .hasBinaryContent(new byte[] {1, 2, 3, 4});
    assertThat(dir.resolve("model-00002-of-00002.safetensors")).hasBinaryContent(new byte[] {5, 6});
    assertThat(ModelFiles.isComplete(dir)).isTrue();
  }

  @Test
  void withoutSafetensorsThePyTorchFileIsFetched() throws IOException {
    hub.files.remove("model.safetensors");

    Path dir = resolver().build().resolve(REPO);

    assertThat(dir.resolve("pytorch_model.bin")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(dir.resolve("model.safetensors")).doesNotExist();
    assertThat(ModelFiles.isComplete(dir)).isTrue();
  }

  @Test
  void shardedPyTorchWeightsFetchTheIndexAndEveryShard() throws IOException {
    hub.files.remove("model.safetensors");
    hub.files.remove("pytorch_model.bin");
    String index =
        "{\"metadata\":{},\"weight_map\":{\"a\":\"pytorch_model-00001-of-00002.bin\","
            + "\"b\":\"pytorch_model-00002-of-00002.bin\"}}";
    hub.put("pytorch_model.bin.index.json", index.getBytes(StandardCharsets.UTF_8), false);
    hub.put("pytorch_model-00001-of-00002.bin", new byte[] {7}, true);
    hub.put("pytorch_model-00002-of-00002.bin", new byte[] {8, 9}, true);

    Path dir = resolver().build().resolve(REPO);

    assertThat(dir.resolve("pytorch_model-00001-of-00002.bin")).hasBinaryContent(new byte[] {7});
    assertThat(dir.resolve("pytorch_model-00002-of-00002.bin")).hasBinaryContent(new byte[] {8, 9});
    assertThat(ModelFiles.isComplete(dir)).isTrue();
    Files.delete(dir.resolve("pytorch_model-00002-of-00002.bin"));
    assertThat(ModelFiles.isComplete(dir)).isFalse();
  }

  @Test
  void aRepositoryWithoutWeightsIsRefusedByName() {
    hub.files.remove("model.safetensors");
    hub.files.remove("pytorch_model.bin");

    assertThatThrownBy(() -> resolver().build().resolve(REPO))
        .hasMessageContaining("org/tiny-model")
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("pytorch_model.bin.index.json");
  }

  @Test
  void aLocalDirectoryComesFirst() throws IOException {
    Path local = Files.createDirectories(tmp.resolve("org/tiny-model"));
    ModelResolver r = resolver().build();

    assertThat(r.resolve(local.toString())).isEqualTo(local);
    assertThat(hub.requests).isEmpty();
  }

  @Test
  void nonsenseIsNamedInTheError() {
    assertThatThrownBy(() -> resolver().build().resolve("not a model!"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'not a model!'")
        .hasMessageContaining("maven:GROUP:ARTIFACT:VERSION");
  }

  @Test
  void environmentIsReadAsHuggingFaceHubReadsIt() throws IOException {
    Properties props = new Properties();
    Path home = tmp.resolve("hfhome");
    Map<String, String> env =
        Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", hub.endpoint() + "/");

    Path dir = ModelResolver.builder().environment(env, props).build().resolve(REPO);
    assertThat(dir).startsWith(home.resolve("hub/models--org--tiny-model"));

    Path hubCache = tmp.resolve("elsewhere");
    Map<String, String> both =
        Map.of(
            "HF_HOME", home.toString(), "HF_HUB_CACHE", hubCache.toString(), "HF_HUB_OFFLINE", "1");
    assertThatThrownBy(() -> ModelResolver.builder().environment(both, props).build().resolve(REPO))
        .hasMessageContaining("offline")
        .hasMessageContaining(hubCache.toString());
  }

  @Test
  void mavenArtifactsComeFromTheLocalRepositoryAndAreConvertedOnce() throws IOException {
    Path jar = tmp.resolve("m2/com/example/tiny-bert/1.0/tiny-bert-1.0.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, "jar content".getBytes(StandardCharsets.UTF_8));
    CopyingConverter converter = new CopyingConverter();
    ModelResolver r = resolver().offline(true).converters(List.of(converter)).build();

    Path dir = r.resolve("maven:com.example:tiny-bert:1.0");
    Path again = r.resolve("maven:com.example:tiny-bert:1.0");

    assertThat(dir).isEqualTo(tmp.resolve("converted/com.example/tiny-bert/1.0"));
    assertThat(again).isEqualTo(dir);
    assertThat(dir.resolve("model.safetensors")).hasContent("jar content");
    assertThat(converter.calls).hasValue(1);
    try (var siblings = Files.list(dir.getParent())) {
      assertThat(siblings).containsExactly(dir);
    }
  }

  @Test
  void mavenArtifactsAreDownloadedAndCheckedAgainstTheirSha1() throws IOException {
    byte[] content = "remote jar".getBytes(StandardCharsets.UTF_8);
    hub.maven.put("com/example/tiny-bert/1.0/tiny-bert-1.0.jar", content);
    hub.maven.put(
        "com/example/tiny-bert/1.0/tiny-bert-1.0.jar.sha1",
        (FakeHub.sha1(content) + "  tiny-bert-1.0.jar\n").getBytes(StandardCharsets.UTF_8));
    ModelResolver r = resolver().converters(List.of(new CopyingConverter())).build();

    Path dir = r.resolve("maven:com.example:tiny-bert:1.0");

    assertThat(dir.resolve("model.safetensors")).hasContent("remote jar");
    assertThat(tmp.resolve("m2/com/example/tiny-bert/1.0/tiny-bert-1.0.jar"))
        .hasBinaryContent(content);
  }

  @Test
  void aMavenJarWithAWrongSha1IsRejected() {
    hub.maven.put("com/example/tiny-bert/1.0/tiny-bert-1.0.jar", new byte[] {1, 2, 3});
    hub.maven.put(
        "com/example/tiny-bert/1.0/tiny-bert-1.0.jar.sha1",
        FakeHub.sha1(new byte[] {9}).getBytes(StandardCharsets.UTF_8));
    ModelResolver r = resolver().converters(List.of(new CopyingConverter())).build();

    assertThatThrownBy(() -> r.resolve("maven:com.example:tiny-bert:1.0"))
        .hasMessageContaining("maven:com.example:tiny-bert:1.0")
        .hasMessageContaining("checksum mismatch");
    assertThat(tmp.resolve("m2/com/example/tiny-bert/1.0")).isEmptyDirectory();
  }

  @Test
  void aMavenJarNoConverterReadsIsNamed() throws IOException {
    Path jar = tmp.resolve("m2/com/example/other/2.0/other-2.0.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[] {0});
    CopyingConverter picky = new CopyingConverter();
    picky.accept = false;

    assertThatThrownBy(
            () ->
                resolver()
                    .converters(List.of(picky))
                    .build()
                    .resolve("maven:com.example:other:2.0"))
        .hasMessageContaining("maven:com.example:other:2.0")
        .hasMessageContaining("no checkpoint converter")
        .hasMessageContaining("copying");
    assertThatThrownBy(() -> resolver().build().resolve("maven:com.example:other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maven:GROUP:ARTIFACT:VERSION");
  }

  /** Writes the jar's bytes as the weights, with a minimal config. */
  private static final class CopyingConverter implements CheckpointConverter {
    final AtomicInteger calls = new AtomicInteger();
    boolean accept = true;

    @Override
    public String name() {
      return "copying";
    }

    @Override
    public boolean accepts(Path artifact) {
      return accept;
    }

    @Override
    public void convert(Path artifact, Path target) throws IOException {
      calls.incrementAndGet();
      Files.copy(artifact, target.resolve("model.safetensors"));
      Files.writeString(target.resolve("config.json"), "{}");
    }
  }
}
