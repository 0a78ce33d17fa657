package io.github.qa4j.models.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Damaged files fail as I/O errors that name the file, whatever the damage. */
class TorchCheckpointProperties {

  @Property(tries = 200)
  void aChangedByteGivesTensorsOrAnIoErrorNamingTheFile(
      @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll byte value) throws IOException {
    byte[] bytes = Files.readAllBytes(TorchCheckpointTest.fixture("state_dict.bin"));
    bytes[where % bytes.length] = value;
    Path file = Files.createTempFile("damaged", ".bin");
    try {
      Files.write(file, bytes);
      try {
        assertThat(TorchCheckpoint.read(file)).isNotNull();
      } catch (IOException e) {
        assertThat(e).hasMessageContaining(file.toString());
      }
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 500)
  void arbitraryPickleBytesAreRefusedAsIoErrors(@ForAll @Size(max = 64) byte[] tail) {
    // A protocol 2 header so the decoder goes past its first check.
    byte[] pickle = new byte[tail.length + 2];
    pickle[0] = (byte) 0x80;
    pickle[1] = 2;
    System.arraycopy(tail, 0, pickle, 2, tail.length);
    try {
      assertThat(StateDictUnpickler.read(pickle, "fuzz")).isNotNull();
    } catch (IOException e) {
      assertThat(e).hasMessageStartingWith("fuzz");
    }
  }
}
