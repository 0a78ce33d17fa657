package io.github.qa4j.core.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a jar in the local Maven repository or downloads it there from a remote repository (Maven
 * Central by default), checked against the remote {@code .sha1} file.
 */
final class MavenRepository {

  private final Path local;
  private final URI remote;
  private final HttpFetcher http;
  private final boolean offline;

  MavenRepository(Path local, URI remote, HttpFetcher http, boolean offline) {
    this.local = local;
    this.remote = remote;
    this.http = http;
    this.offline = offline;
  }

  /** The local jar, downloaded first when absent. */
  Path resolve(MavenCoordinates coordinates) throws IOException {
    Path jar = local.resolve(coordinates.jarPath());
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    String what = "Maven artifact " + coordinates;
    if (offline) {
      throw new IOException(
          what
              + " is not in the local repository ("
              + jar
              + ") and offline mode forbids downloads");
    }
    URI jarUri = remote.resolve(coordinates.jarPath());
    String sha1File = http.getString(URI.create(jarUri + ".sha1"), what + " (.sha1)").strip();
    // Maven Central's .sha1 files hold the digest, sometimes followed by the file name.
    String sha1 = sha1File.split("\\s+", 2)[0];
    if (!sha1.matches("[0-9a-fA-F]{40}")) {
      throw new IOException(what + ": " + jarUri + ".sha1 does not hold a SHA-1: '" + sha1 + "'");
    }
    http.download(
        jarUri, jar, Optional.of(new ExpectedDigest(ExpectedDigest.Kind.SHA1, sha1)), what);
    return jar;
  }
}
