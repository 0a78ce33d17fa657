package io.github.qa4j.models.precision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the archive that {@code torch.jit.save} writes and libtorch's {@code torch::jit::load}
 * reads, for a module without state: a zip (entries stored, not compressed) whose entries sit under
 * one folder named after the module, holding
 *
 * <ul>
 *   <li>{@code code/__torch__.py}: the TorchScript source of the module's class;
 *   <li>{@code data.pkl}: the module object, pickled (protocol 2) as {@code __torch__.<Class>}
 *       built from the state {@code {"training": False}};
 *   <li>{@code constants.pkl}: the tensor constants of the code, here an empty tuple;
 *   <li>{@code version}: the archive format version, {@value #FORMAT_VERSION}.
 * </ul>
 *
 * <p>Format version 3 is the one written by PyTorch 1.x for code without versioned operators (an
 * archive that uses {@code aten::div} or other operators whose semantics changed must say 4 or
 * more), and libtorch 2.x still reads it. Tensors, nested modules and debug information are not
 * needed by the helpers this writes and are left out.
 */
public final class TorchScriptArchive {

  /** The archive format version this writer declares. */
  public static final int FORMAT_VERSION = 3;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  // Pickle opcodes (protocol 2), as in CPython's pickletools.
  private static final int PROTO = 0x80;
  private static final int GLOBAL = 'c';
  private static final int EMPTY_TUPLE = ')';
  private static final int NEWOBJ = 0x81;
  private static final int EMPTY_DICT = '}';
  private static final int BINUNICODE = 'X';
  private static final int NEWFALSE = 0x89;
  private static final int MARK = '(';
  private static final int SETITEMS = 'u';
  private static final int BUILD = 'b';
  private static final int STOP = '.';

  private TorchScriptArchive() {}

  /**
   * The archive of a stateless module of class {@code __torch__.<className>}, whose TorchScript
   * source (the serialized dialect: {@code class className(Module): ...}) is {@code source}.
   *
   * @param className the class name, an identifier, also used as the archive's folder
   * @param source the text of {@code code/__torch__.py}
   * @return the zip bytes
   * @throws IllegalArgumentException when {@code className} is not an identifier or {@code source}
   *     does not define it
   */
  public static byte[] statelessModule(String className, String source) {
    if (!IDENTIFIER.matcher(className).matches()) {
      throw new IllegalArgumentException("Not a TorchScript class name: '" + className + "'");
    }
    if (!source.contains("class " + className + "(Module):")) {
      throw new IllegalArgumentException(
          "The TorchScript source does not define 'class " + className + "(Module):'");
    }
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      String root = className + "/";
      stored(out, root + "data.pkl", moduleObject(className));
      stored(out, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
      stored(out, root + "constants.pkl", emptyTuple());
      stored(out, root + "version", (FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return zip.toByteArray();
  }

  /** {@code __torch__.<className>.__new__()} with {@code __setstate__}-less BUILD of its state. */
  private static byte[] moduleObject(String className) {
    ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    pickle.write(PROTO);
    pickle.write(2);
    pickle.write(GLOBAL);
    pickle.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
    pickle.write(EMPTY_TUPLE);
    pickle.write(NEWOBJ);
    pickle.write(EMPTY_DICT);
    // libtorch's unpickler knows SETITEMS but not SETITEM.
    pickle.write(MARK);
    unicode(pickle, "training");
    pickle.write(NEWFALSE);
    pickle.write(SETITEMS);
    pickle.write(BUILD);
    pickle.write(STOP);
    return pickle.toByteArray();
  }

  private static byte[] emptyTuple() {
    return new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP};
  }

  private static void unicode(ByteArrayOutputStream pickle, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    pickle.write(BINUNICODE);
    int n = utf8.length;
    pickle.write(n & 0xff);
    pickle.write((n >>> 8) & 0xff);
    pickle.write((n >>> 16) & 0xff);
    pickle.write((n >>> 24) & 0xff);
    pickle.writeBytes(utf8);
  }

  private static void stored(ZipOutputStream out, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    // A fixed time keeps the archive the same bytes on every run.
    entry.setTime(315532800000L);
    out.putNextEntry(entry);
    out.write(data);
    out.closeEntry();
  }
}
