package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive Java writes is what libtorch reads, and libtorch writes it back the same way. */
class TorchScriptArchiveTest {

  private static final String SOURCE =
      "class Twice(Module):\n"
          + "  __parameters__ = []\n"
          + "  __buffers__ = []\n"
          + "  training : bool\n"
          + "  def forward(self: __torch__.Twice,\n"
          + "    x: Tensor) -> Tensor:\n"
          + "    return torch.add(x, x)\n";

  @TempDir Path tmp;

  /** The entries in order; through a file, since libtorch's stored entries have descriptors. */
  private Map<String, byte[]> entries(byte[] zip) throws IOException {
    Path file = Files.write(Files.createTempFile(tmp, "archive", ".pt"), zip);
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile in = new ZipFile(file.toFile())) {
      for (ZipEntry e : Collections.list(in.entries())) {
        try (InputStream data = in.getInputStream(e)) {
          out.put(e.getName(), data.readAllBytes());
        }
      }
    }
    return out;
  }

  @Test
  void writesTheEntriesOfTorchJitSave() throws IOException {
    Map<String, byte[]> entries = entries(TorchScriptArchive.statelessModule("Twice", SOURCE));
    assertThat(entries.keySet())
        .containsExactly(
            "Twice/data.pkl", "Twice/code/__torch__.py", "Twice/constants.pkl", "Twice/version");
    assertThat(new String(entries.get("Twice/version"), StandardCharsets.US_ASCII))
        .isEqualTo("3\n");
    assertThat(new String(entries.get("Twice/code/__torch__.py"), StandardCharsets.UTF_8))
        .isEqualTo(SOURCE);
    // What torch.jit.save pickles for a stateless module: __torch__.Twice, NEWOBJ, BUILD.
    assertThat(new String(entries.get("Twice/data.pkl"), StandardCharsets.ISO_8859_1))
        .startsWith(
            "\u0080\u0002c__torch__\nTwice\n)\u0081}(X\u0008\u0000\u0000\u0000training\u0089ub.");
    assertThat(entries.get("Twice/constants.pkl")).containsExactly(0x80, 2, ')', '.');
  }

  @Test
  void isTheSameBytesEveryTime() {
    assertThat(TorchScriptArchive.statelessModule("Twice", SOURCE))
        .isEqualTo(TorchScriptArchive.statelessModule("Twice", SOURCE));
  }

  @Test
  void libtorchLoadsItRunsItAndSavesItBack() throws IOException {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      PtSymbolBlock module =
          JniUtils.loadModule(
              (PtNDManager) m,
              new ByteArrayInputStream(TorchScriptArchive.statelessModule("Twice", SOURCE)),
              true,
              false);
      assertThat(JniUtils.getMethodNames(module)).contains("forward");
      NDList out =
          module.forward(
              new ParameterStore(m, false), new NDList(m.create(new float[] {1.5f, -2f})), false);
      assertThat(out.singletonOrThrow().toFloatArray()).containsExactly(3f, -4f);

      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      JniUtils.writeModule(module, saved, false);
      Map<String, byte[]> entries = entries(saved.toByteArray());
      // libtorch 2.7.1 names its folder "archive", prints the same code and also says version 3.
      assertThat(new String(entries.get("archive/code/__torch__.py"), StandardCharsets.UTF_8))
          .isEqualTo(SOURCE);
      assertThat(new String(entries.get("archive/version"), StandardCharsets.US_ASCII))
          .isEqualTo("3\n");
      assertThat(entries.get("archive/constants.pkl")).containsExactly(0x80, 2, ')', '.');
    }
  }

  @Test
  void theHelperArchiveDefinesEveryMethodJavaCalls() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      PtSymbolBlock module =
          JniUtils.loadModule(
              (PtNDManager) m, new ByteArrayInputStream(LowPrecisionOps.archive()), true, false);
      assertThat(JniUtils.getMethodNames(module))
          .contains(
              "to_bf16",
              "linear_bf16",
              "matmul_bf16",
              "linear_bf16_autograd",
              "pack_int8",
              "linear_int8");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rejectsANameTheSourceDoesNotDefine() {
    assertThatThrownBy(() -> TorchScriptArchive.statelessModule("Thrice", SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class Thrice(Module):");
    assertThatThrownBy(() -> TorchScriptArchive.statelessModule("a.b", SOURCE))
        .hasMessage("Not a TorchScript class name: 'a.b'");
  }
}
