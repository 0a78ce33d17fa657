package io.github.qa4j.core.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
  String compute(Path file) throws IOException {
    MessageDigest md = newDigest(kind == Kind.SHA256 ? "SHA-256" : "SHA-1");
    if (kind == Kind.GIT_BLOB_SHA1) {
      md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
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

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
