package io.github.qa4j.core.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, held against other processes and other threads of this one, as
 * huggingface_hub holds {@code .locks/models--ORG--NAME/<etag>.lock} while it fetches a blob.
 */
final class FileLock implements AutoCloseable {

  private static final long POLL_MILLIS = 100;

  private final FileChannel channel;
  private final java.nio.channels.FileLock lock;

  private FileLock(FileChannel channel, java.nio.channels.FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits until the lock on {@code file} is free and takes it. Polls, because the JDK reports a
   * lock held by another thread of this process as an exception rather than waiting for it.
   */
  static FileLock acquire(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      while (true) {
        try {
          java.nio.channels.FileLock lock = channel.tryLock();
          if (lock != null) {
            return new FileLock(channel, lock);
          }
        } catch (OverlappingFileLockException heldByAnotherThread) {
          // wait below, like for another process
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the lock " + file, e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
