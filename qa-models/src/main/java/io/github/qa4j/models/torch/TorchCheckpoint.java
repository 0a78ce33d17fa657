package io.github.qa4j.models.torch;

import io.github.qa4j.core.io.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a state dict that {@code torch.save} wrote (PyTorch 1.6 and later: a zip archive with
 * {@code <name>/data.pkl}, the storages as {@code <name>/data/<key>} and {@code <name>/version}),
 * such as a Hugging Face {@code pytorch_model.bin}.
 *
 * <p>The pickle is decoded, never executed: only the opcodes and globals that a dict of tensors
 * needs are understood, and a file that asks for anything else (say {@code os.system}) is refused
 * with an error naming it. Tensors keep their stored element type (float32, float16, bfloat16,
 * float64, int64, int32); strided views are copied into row-major order.
 */
public final class TorchCheckpoint {

  private static final long MAX_PICKLE_BYTES = 256L << 20;

  private TorchCheckpoint() {}

  /**
   * Every tensor of the file, in the state dict's order.
   *
   * @throws IOException naming the file when it is not a readable {@code torch.save} archive of a
   *     dict of tensors: a legacy (pre-1.6) file, a truncated or corrupt zip, a pickle that asks
   *     for a global or an opcode outside a state dict, or a tensor reaching past its storage
   */
  public static Map<String, HostTensor> read(Path file) throws IOException {
    checkZipMagic(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = archivePrefix(zip, file);
      checkByteOrder(zip, file, prefix);
      String pickleName = prefix + "data.pkl";
      byte[] pickle = entryBytes(zip, file, pickleName, MAX_PICKLE_BYTES);
      Map<String, TensorView> views = StateDictUnpickler.read(pickle, file + "!" + pickleName);
      Map<String, ByteBuffer> storages = new HashMap<>();
      Map<String, HostTensor> out = new LinkedHashMap<>();
      for (Map.Entry<String, TensorView> e : views.entrySet()) {
        TensorView view = e.getValue();
        StorageRef ref = view.storage();
        ByteBuffer storage = storages.get(ref.key());
        if (storage == null) {
          storage = storage(zip, file, prefix, ref);
          storages.put(ref.key(), storage);
        }
        out.put(e.getKey(), StridedCopy.contiguous(view, storage, file + ": tensor " + e.getKey()));
      }
      return out;
    } catch (ZipException e) {
      throw new IOException(file + ": not a readable zip archive (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      // ZipFile reports an entry name that is not valid UTF-8 this way.
      throw new IOException(file + ": not a readable zip archive (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
        throw e;
      }
      throw new IOException(file + ": " + e, e);
    }
  }

  private static void checkZipMagic(Path file) throws IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return;
    }
    if (n >= 1 && (head[0] & 0xff) == 0x80) {
      throw new IOException(
          file
              + ": a legacy torch.save file (before PyTorch 1.6), which is not read; save it again"
              + " with a current PyTorch, or as safetensors");
    }
    throw new IOException(file + ": not a torch.save zip archive (it does not start with PK)");
  }

  /** The folder that holds {@code data.pkl}, with its trailing slash. */
  private static String archivePrefix(ZipFile zip, Path file) throws IOException {
    List<String> found = new ArrayList<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
        found.add(name.substring(0, slash + 1));
      }
    }
    if (found.size() != 1) {
      throw new IOException(
          file
              + ": expected one <archive>/data.pkl entry as torch.save writes, found "
              + found.size());
    }
    return found.get(0);
  }

  private static void checkByteOrder(ZipFile zip, Path file, String prefix) throws IOException {
    String name = prefix + "byteorder";
    if (zip.getEntry(name) == null) {
      return; // written by PyTorch before 2.1, always on little-endian machines in practice
    }
    String order = new String(entryBytes(zip, file, name, 16), StandardCharsets.US_ASCII).strip();
    if (!order.equals("little")) {
      throw new IOException(
          file + "!" + name + ": byte order '" + order + "' is not read; only 'little' is");
    }
  }

  private static ByteBuffer storage(ZipFile zip, Path file, String prefix, StorageRef ref)
      throws IOException {
    String name = prefix + "data/" + ref.key();
    long expected = ref.elements() * ref.dataType().getNumOfBytes();
    if (expected > Integer.MAX_VALUE - 8) {
      throw new IOException(
          file + "!" + name + ": storages over 2 GiB are not read (" + expected + " bytes)");
    }
    byte[] bytes = entryBytes(zip, file, name, expected);
    if (bytes.length != expected) {
      throw new IOException(
          file
              + "!"
              + name
              + ": "
              + bytes.length
              + " bytes, but the pickle describes "
              + ref.elements()
              + " elements of "
              + ref.dataType()
              + " ("
              + expected
              + " bytes)");
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] entryBytes(ZipFile zip, Path file, String name, long maxBytes)
      throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IOException(file + ": the archive has no entry " + name);
    }
    if (entry.getSize() > maxBytes) {
      throw new IOException(
          file
              + "!"
              + name
              + ": "
              + entry.getSize()
              + " bytes, more than the "
              + maxBytes
              + " read");
    }
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8) + 1);
    } catch (IOException e) {
      // ZipFile's streams may fail on damaged data with no message (an EOFException, say).
      throw new IOException(file + "!" + name + ": corrupt entry (" + e + ")", e);
    }
    if (bytes.length > maxBytes) {
      throw new IOException(file + "!" + name + ": more than the " + maxBytes + " bytes read");
    }
    return bytes;
  }
}
