package io.github.qa4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -TERM} in the middle of an atomic write leaves neither the target nor the hidden
 * temporary file, and the JVM's exit waits for an {@link ExitGuard} section in progress.
 */
class TempFilesSignalTest {

  @TempDir Path dir;

  /** Child: writes {@code args[0]} forever, announcing the temporary file once it exists. */
  public static final class EndlessWrite {
    /** Entry point. */
    public static void main(String[] args) throws IOException {
      Path target = Path.of(args[0]);
      AtomicFiles.write(
          target,
          out -> {
            byte[] chunk = new byte[1 << 16];
            boolean announced = false;
            while (true) {
              out.write(chunk);
              out.flush();
              if (!announced) {
                System.out.println("writing " + TempFiles.pending());
                announced = true;
              }
            }
          });
    }
  }

  /** Child: holds a section on the main thread while another thread exits the JVM. */
  public static final class ExitDuringSection {
    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
      Thread exiter =
          new Thread(
              () -> {
                System.out.println("exiting");
                System.exit(3);
              });
      try (ExitGuard.Section section = ExitGuard.section()) {
        System.out.println("section started " + section.getClass().getSimpleName());
        exiter.start();
        Thread.sleep(1500);
        System.out.println("section ended");
      }
      Thread.sleep(60_000);
      System.out.println("not reached");
    }
  }

  @Test
  void sigtermDuringAnAtomicWriteLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("e.jsonl");
    try (ChildJvm child =
        ChildJvm.start(dir, List.of("-Xmx64m"), EndlessWrite.class, List.of(target.toString()))) {
      child.awaitLine(l -> l.startsWith("writing"), 60);
      assertThat(listing()).as("the write is under way").isNotEmpty();
      child.terminate();
      assertThat(child.awaitExit(60)).isEqualTo(143);
    }
    assertThat(listing()).as("files left in " + dir).isEmpty();
  }

  @Test
  void exitWaitsForTheSectionInProgress() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of(), ExitDuringSection.class, List.of())) {
      assertThat(child.awaitExit(60)).isEqualTo(3);
      String output = child.output();
      assertThat(output)
          .contains("exiting")
          .contains("section ended")
          .doesNotContain("not reached");
      assertThat(output.indexOf("section ended")).isGreaterThan(output.indexOf("exiting"));
    }
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
