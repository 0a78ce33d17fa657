package io.github.qa4j.models.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.models.common.CheckpointFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torch.save} files made by {@code src/test/resources/fixtures/torch/make_fixtures.py} read
 * to the same tensors as the safetensors file written beside them, and hostile or broken files are
 * refused by name.
 */
class TorchCheckpointTest {

  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(TorchCheckpointTest.class.getResource("/fixtures/torch/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, HostTensor> expected() {
    try {
      return Safetensors.read(fixture("expected.safetensors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(HostTensor t) {
    ByteBuffer b = t.data().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Same names in the same order, and per tensor the same dtype, shape and bytes. */
  private static void assertSameTensors(
      Map<String, HostTensor> actual, Map<String, HostTensor> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (name, e) -> {
          HostTensor a = actual.get(name);
          assertThat(a.dataType()).as(name + " dtype").isEqualTo(e.dataType());
          assertThat(a.shape()).as(name + " shape").isEqualTo(e.shape());
          assertThat(bytes(a)).as(name + " bytes").isEqualTo(bytes(e));
        });
  }

  @Test
  void everyDtypeAndLayoutReadsBitForBitAsTheSafetensorsCopy() throws IOException {
    Map<String, HostTensor> read = TorchCheckpoint.read(fixture("state_dict.bin"));

    assertSameTensors(read, expected());
    // The state dict's own order, as torch wrote it.
    assertThat(read.keySet()).startsWith("0.weight", "0.bias", "1.weight", "1.bias");
    assertThat(read.get("dtypes.bfloat16").dataType()).isEqualTo(DataType.BFLOAT16);
    assertThat(read.get("dtypes.float16").dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(read.get("dtypes.int64").toLongArray()[0]).isEqualTo(-5L << 40);
    assertThat(read.get("views.transposed").shape()).isEqualTo(new Shape(3, 4));
    assertThat(read.get("views.scalar").shape()).isEqualTo(new Shape());
    assertThat(read.get("views.empty").shape()).isEqualTo(new Shape(0, 3));
  }

  @Test
  void theViewAtAnOffsetReadsTheRowsOfTheTensorItShares() throws IOException {
    Map<String, HostTensor> read = TorchCheckpoint.read(fixture("state_dict.bin"));
    float[] base = read.get("views.base").toFloatArray();
    float[] offset = read.get("views.offset").toFloatArray();

    assertThat(offset).containsExactly(Arrays.copyOfRange(base, 8, 16));
  }

  @Test
  void parametersSavedWithKeepVarsReadAsTheirTensors() throws IOException {
    Map<String, HostTensor> read = TorchCheckpoint.read(fixture("parameters.bin"));
    Map<String, HostTensor> expected = expected();

    assertThat(read.keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
    read.forEach((name, t) -> assertThat(bytes(t)).as(name).isEqualTo(bytes(expected.get(name))));
  }

  @Test
  void aDirectoryWithOnlyPytorchModelBinLoads() throws IOException {
    Files.copy(fixture("state_dict.bin"), tmp.resolve(CheckpointFiles.PYTORCH));

    assertSameTensors(CheckpointFiles.read(tmp), expected());
  }

  @Test
  void aShardedPytorchCheckpointLoadsThroughItsIndex() throws IOException {
    Path sharded = fixture("sharded");
    try (var files = Files.list(sharded)) {
      for (Path f : files.toList()) {
        Files.copy(f, tmp.resolve(f.getFileName().toString()));
      }
    }

    assertSameTensors(CheckpointFiles.read(tmp), expected());

    Files.delete(tmp.resolve("pytorch_model-00002-of-00002.bin"));
    assertThatThrownBy(() -> CheckpointFiles.read(tmp))
        .hasMessageContaining(CheckpointFiles.PYTORCH_INDEX)
        .hasMessageContaining("pytorch_model-00002-of-00002.bin");
  }

  @Test
  void safetensorsIsPreferredWhenBothFormatsArePresent() throws IOException {
    Files.copy(fixture("state_dict.bin"), tmp.resolve(CheckpointFiles.PYTORCH));
    Map<String, HostTensor> other =
        Map.of("only", HostTensor.ofFloats(new float[] {7}, new Shape(1)));
    Safetensors.write(tmp.resolve(CheckpointFiles.SAFETENSORS), other, Map.of());

    assertThat(CheckpointFiles.read(tmp).keySet()).containsExactly("only");
  }

  @Test
  void aPickleCallingOsSystemIsRefusedByName() {
    Path file = fixture("malicious.bin");

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'os.system'")
        .hasMessageContaining("refused");
  }

  @Test
  void evalHiddenInAStateDictIsRefusedByName() {
    Path file = fixture("eval.bin");

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'builtins.eval'");
  }

  @Test
  void theLegacyFormatIsRefusedWithAHint() {
    Path file = fixture("legacy.bin");

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("legacy")
        .hasMessageContaining("safetensors");
  }

  @Test
  void aFileThatIsNoZipIsRefusedByName() throws IOException {
    Path file = Files.writeString(tmp.resolve("pytorch_model.bin"), "{\"not\": \"a zip\"}");

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a torch.save zip archive");
  }

  @Test
  void everyTruncationIsAnIoErrorNamingTheFile() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("state_dict.bin"));
    Path file = tmp.resolve("truncated.bin");
    for (int length :
        List.of(0, 3, 4, 100, whole.length / 2, whole.length - 200, whole.length - 1)) {
      Files.write(file, Arrays.copyOf(whole, length));
      assertThatThrownBy(() -> TorchCheckpoint.read(file))
          .as("cut at %d of %d bytes", length, whole.length)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void aBrokenOpcodeInDataPklIsNamedWithItsPosition() throws IOException {
    byte[] bytes = Files.readAllBytes(fixture("state_dict.bin"));
    int pickle = indexOf(bytes, new byte[] {(byte) 0x80, 2, 'c', 'c', 'o', 'l'});
    bytes[pickle + 2] = (byte) 0xf0; // GLOBAL becomes an opcode that does not exist
    Path file = Files.write(tmp.resolve("broken.bin"), bytes);

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining(file + "!")
        .hasMessageContaining("data.pkl at byte 2")
        .hasMessageContaining("0xf0");
  }

  @Test
  void aStorageShorterThanItsTensorsIsRefused() throws IOException {
    // A tensor claiming to extend past its storage: shape (2, 3) on a storage of 6 elements at
    // offset 1, written with raw opcodes as in make_fixtures.py.
    byte[] pickle =
        concat(
            bytes("\u0080\u0002}(X"),
            le(1),
            bytes("wctorch._utils\n_rebuild_tensor_v2\n((X"),
            le(7),
            bytes("storagectorch\nFloatStorage\nX"),
            le(1),
            bytes("0X"),
            le(3),
            bytes("cpuK\u0006tQK\u0001K\u0002K\u0003\u0086K\u0003K\u0001\u0086\u0089}tRu."));
    Path file = tmp.resolve("short.bin");
    TorchZips.write(file, pickle, new byte[24]);

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining(file + ": tensor w")
        .hasMessageContaining("reach element 6 of a storage of 6");
  }

  static byte[] bytes(String latin1) {
    return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static byte[] le(int n) {
    return ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(n).array();
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}
