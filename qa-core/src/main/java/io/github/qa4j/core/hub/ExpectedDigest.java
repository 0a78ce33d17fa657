package io.github.qa4j.core.hub;

import com.google.common.hash.Funnels;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The checksum a downloaded file must have.
 *
 * @param kind how the digest is computed
 * @param hex the expected value, lower-case hexadecimal
 */
record ExpectedDigest(Kind kind, String hex) {

  /** How a digest is computed over a file. */
  enum Kind {
    /** SHA-256 of the content: the Hub's ETag for files stored with Git LFS. */
    SHA256,
    /** SHA-1 of the content: Maven's {@code .sha1} files. */
    SHA1,
    /** SHA-1 of {@code "blob <size>\0"} then the content: the Hub's ETag for plain Git files. */
    GIT_BLOB_SHA1
  }

  ExpectedDigest {
    hex = hex.toLowerCase(Locale.ROOT);
  }

  /**
   * The digest that a Hub ETag names: 64 hex digits are a SHA-256 (LFS), 40 a Git blob id. Other
   * ETags carry no checksum we can check.
   */
  static Optional<ExpectedDigest> fromHubEtag(String etag) {
    if (etag.matches("[0-9a-fA-F]{64}")) {
      return Optional.of(new ExpectedDigest(Kind.SHA256, etag));
    }
    if (etag.matches("[0-9a-fA-F]{40}")) {
      return Optional.of(new ExpectedDigest(Kind.GIT_BLOB_SHA1, etag));
    }
    return Optional.empty();
  }

  /** Computes this kind of digest over {@code file}. */
  // SHA-1 is what Git and Maven checksums are made of: integrity against truncated or corrupted
  // downloads, not security, for which Guava deprecates it.
  @SuppressWarnings("deprecation")
  String compute(Path file) throws IOException {
    Hasher hasher = (kind == Kind.SHA256 ? Hashing.sha256() : Hashing.sha1()).newHasher();
    if (kind == Kind.GIT_BLOB_SHA1) {
      hasher.putString("blob " + Files.size(file) + "\0", StandardCharsets.US_ASCII);
    }
    MoreFiles.asByteSource(file).copyTo(Funnels.asOutputStream(hasher));
    return hasher.hash().toString();
  }

  /**
   * Checks {@code file}.
   *
   * @throws IOException naming {@code what}, the expected and the actual digest, on a mismatch
   */
  void verify(Path file, String what) throws IOException {
    String actual = compute(file);
    if (!actual.equals(hex)) {
      throw new IOException(
          what + ": checksum mismatch (" + kind + " expected " + hex + ", got " + actual + ")");
    }
  }
}
