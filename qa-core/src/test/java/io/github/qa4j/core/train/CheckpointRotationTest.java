package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code save_total_limit} as transformers' {@code _rotate_checkpoints} applies it. */
class CheckpointRotationTest {

  @TempDir Path out;

  private void checkpoints(long... steps) throws IOException {
    for (long step : steps) {
      Path dir = Checkpoints.directory(out, step);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(TrainerState.FILE), "{}");
      Files.writeString(dir.resolve(Checkpoints.OPTIMIZER_FILE), "");
    }
  }

  private List<Long> left() throws IOException {
    return Checkpoints.list(out).stream().map(Checkpoints::step).toList();
  }

  @Test
  void keepsTheNewestWithinTheLimit() throws IOException {
    checkpoints(2, 4, 6, 8, 10);
    Checkpoints.rotate(out, 2, null);
    assertThat(left()).containsExactly(8L, 10L);
  }

  @Test
  void zeroKeepsAll() throws IOException {
    checkpoints(2, 4, 6);
    Checkpoints.rotate(out, 0, null);
    assertThat(left()).containsExactly(2L, 4L, 6L);
  }

  @Test
  void theBestSurvivesInPlaceOfTheOldestKept() throws IOException {
    checkpoints(2, 4, 6, 8, 10);
    Checkpoints.rotate(out, 2, Checkpoints.directory(out, 4));
    assertThat(left()).containsExactly(4L, 10L);
  }

  @Test
  void withALimitOfOneTheLastStaysBesideTheBestSoTrainingCanResume() throws IOException {
    checkpoints(2, 4, 6);
    Checkpoints.rotate(out, 1, Checkpoints.directory(out, 2));
    assertThat(left()).containsExactly(2L, 6L);
    Checkpoints.rotate(out, 1, Checkpoints.directory(out, 6));
    assertThat(left()).containsExactly(6L);
  }
}
