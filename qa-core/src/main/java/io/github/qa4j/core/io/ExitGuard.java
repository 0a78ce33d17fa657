package io.github.qa4j.core.io;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes the JVM's exit wait for native work in progress, and removes {@link TempFiles} after it.
 *
 * <p>On {@code kill -TERM} (or Ctrl-C, or {@code System.exit} from another thread) the JVM runs its
 * shutdown hooks and then the C library's {@code exit}, which destroys libtorch's static objects
 * while threads that are inside libtorch keep running. A training step that is in its backward pass
 * at that moment calls into destroyed objects and the JVM dies with SIGSEGV (seen as {@code
 * at::accelerator::getAccelerator} in {@code torchBackward}). Code that calls the engine runs its
 * steps as {@link #section() sections}; the shutdown hook waits (up to {@link #EXIT_WAIT_SECONDS})
 * for the sections in progress to end and keeps new ones from starting, so that no thread is inside
 * libtorch when it is torn down.
 */
public final class ExitGuard {

  /** How long the JVM's exit waits for the sections in progress to end. */
  public static final long EXIT_WAIT_SECONDS = 60;

  private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::onExit, "qa4j-exit-guard"));
  }

  private ExitGuard() {}

  /** An open section; {@link #close()} ends it. */
  @FunctionalInterface
  public interface Section extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts a section that the JVM's exit waits for. Sections may nest and run on many threads at
   * once. Once the JVM is exiting, this blocks until the JVM is gone: the work would be lost
   * anyway, and starting it could crash the native engine.
   */
  public static Section section() {
    LOCK.readLock().lock();
    return LOCK.readLock()::unlock;
  }

  /** Makes sure the shutdown hook is installed; called by classes that depend on it. */
  static void install() {
    // Loading this class installs the hook.
  }

  private static void onExit() {
    try {
      // Held until the JVM is gone: no section starts after this.
      LOCK.writeLock().tryLock(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TempFiles.deleteAll();
  }
}
