package io.github.qa4j.core.hub;

import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The Hugging Face cache layout that huggingface_hub and transformers share: {@code
 * models--ORG--NAME/blobs/<etag>} holds file contents, {@code snapshots/<commit>/<file>} links to
 * them, and {@code refs/<revision>} holds the commit a branch or tag pointed to when it was
 * fetched.
 */
final class HubCache {

  private final Path root;

  HubCache(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path repoDir(RepoId repo) {
    return root.resolve(repo.cacheFolder());
  }

  /** The commit a revision names: itself when it is a commit hash, else what its ref file says. */
  Optional<String> commit(RepoId repo) throws IOException {
    if (isCommitHash(repo.revision())) {
      return Optional.of(repo.revision());
    }
    Path ref = repoDir(repo).resolve("refs").resolve(repo.revision());
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
    if (!isCommitHash(commit)) {
      throw new IOException(ref + ": not a commit hash: '" + commit + "'");
    }
    return Optional.of(commit);
  }

  Path snapshot(RepoId repo, String commit) {
    return repoDir(repo).resolve("snapshots").resolve(commit);
  }

  Path blob(RepoId repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(etag);
  }

  /** The lock file held while a blob is fetched and linked, where huggingface_hub keeps it. */
  Path lock(RepoId repo, String etag) {
    return root.resolve(".locks").resolve(repo.cacheFolder()).resolve(etag + ".lock");
  }

  /** Records that the repository's revision points at {@code commit}. */
  void writeRef(RepoId repo, String commit) throws IOException {
    if (!repo.revision().equals(commit)) {
      AtomicFiles.writeString(repoDir(repo).resolve("refs").resolve(repo.revision()), commit);
    }
  }

  /**
   * Makes {@code snapshots/<commit>/<file>} point at the blob: a relative symbolic link, as
   * huggingface_hub makes, or a copy where the file system has no links.
   */
  void link(RepoId repo, String commit, String file, String etag) throws IOException {
    Path link = snapshot(repo, commit).resolve(file);
    Path blob = blob(repo, etag);
    Files.createDirectories(link.getParent());
    Path target = link.getParent().relativize(blob);
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      return; // linked already, perhaps by a concurrent resolve that is reading it now
    }
    // A new link is made beside and renamed into place: a reader never finds the file missing.
    Path tmpLink = link.resolveSibling("." + link.getFileName() + "." + etag + ".link");
    try {
      Files.deleteIfExists(tmpLink);
      Files.createSymbolicLink(tmpLink, target);
      Files.move(
          tmpLink, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      Path tmp = Files.createTempFile(link.getParent(), "." + link.getFileName(), ".tmp");
      Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static boolean isCommitHash(String text) {
    return text.matches("[0-9a-f]{40}");
  }
}
