package io.github.qa4j.models.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes archives laid out as {@code torch.save} lays them out, around a hand-made pickle. */
final class TorchZips {

  private TorchZips() {}

  /** {@code archive/data.pkl}, {@code archive/data/0} and {@code archive/byteorder}, stored. */
  static void write(Path file, byte[] pickle, byte[] storage0) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      stored(zip, "archive/data.pkl", pickle);
      stored(
          zip, "archive/byteorder", "little".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      stored(zip, "archive/data/0", storage0);
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(content);
    zip.closeEntry();
  }
}
