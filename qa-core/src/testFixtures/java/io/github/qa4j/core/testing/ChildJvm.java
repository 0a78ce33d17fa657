package io.github.qa4j.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM running a main class of the test classpath, for what cannot happen inside the test
 * JVM: signals, {@code kill -9}, exit. Its standard output and error are merged and read line by
 * line, so a test can wait for a line and then act.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  all.add(line);
                  lines.add(line);
                }
              } catch (IOException e) {
                // the child is gone
              }
            },
            "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with this JVM's class path, {@code jvmOptions} and {@code args}, in
   * {@code workDir}.
   */
  public static ChildJvm start(
      Path workDir, List<String> jvmOptions, Class<?> mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dai.djl.offline=true");
    String shared = System.getProperty("qa.shared");
    if (shared != null) {
      command.add("-Dqa.shared=" + Path.of(shared).toAbsolutePath());
    }
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(args);
    Process p =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    return new ChildJvm(p);
  }

  /** Waits for a line matching {@code wanted} and returns it; fails after {@code seconds}. */
  public String awaitLine(Predicate<String> wanted, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line == null && (left <= 0 || !process.isAlive() && lines.isEmpty())) {
        throw new AssertionError("child JVM never printed the expected line; output:\n" + output());
      }
    }
  }

  /** Sends SIGTERM (a normal stop: shutdown hooks run). */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL (nothing runs). */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the exit and returns its code; fails after {@code seconds}. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM did not exit in " + seconds + " s; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the child printed so far. */
  public String output() {
    synchronized (all) {
      return String.join("\n", all);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
