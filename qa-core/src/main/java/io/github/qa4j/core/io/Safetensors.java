package io.github.qa4j.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping names to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw data.
 */
public final class Safetensors {

  private static final long MAX_HEADER_BYTES = 100L << 20;

  private Safetensors() {}

  /**
   * Reads every tensor of a file, in the header's order.
   *
   * @throws IOException when the file cannot be read or is not valid safetensors; the message names
   *     the file and the offending entry
   */
  public static Map<String, HostTensor> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new IOException(
            file + ": not a safetensors file (" + size + " bytes; the header alone takes 8)");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
        throw new IOException(
            file + ": not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      JsonObject header;
      try {
        header =
            JsonParser.parseString(new String(headerBytes.array(), StandardCharsets.UTF_8))
                .getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new IOException(file + ": safetensors header is not a JSON object", e);
      }
      long dataStart = 8 + headerLength;
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
        if (entry.getKey().equals("__metadata__")) {
          continue;
        }
        tensors.put(entry.getKey(), readTensor(file, channel, entry, dataStart, size));
      }
      return tensors;
    }
  }

  private static HostTensor readTensor(
      Path file,
      FileChannel channel,
      Map.Entry<String, JsonElement> entry,
      long dataStart,
      long size)
      throws IOException {
    String name = entry.getKey();
    try {
      JsonObject info = entry.getValue().getAsJsonObject();
      DataType type = fromCode(info.get("dtype").getAsString());
      JsonArray shapeJson = info.getAsJsonArray("shape");
      long[] dims = new long[shapeJson.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shapeJson.get(i).getAsLong();
      }
      JsonArray offsets = info.getAsJsonArray("data_offsets");
      long begin = offsets.get(0).getAsLong();
      long end = offsets.get(1).getAsLong();
      if (begin < 0 || end < begin || dataStart + end > size) {
        throw new IOException("data_offsets [" + begin + ", " + end + "] outside the file");
      }
      ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(end - begin));
      readFully(channel, data, dataStart + begin);
      return new HostTensor(type, new Shape(dims), data.flip());
    } catch (RuntimeException | IOException e) {
      throw new IOException(file + ": tensor '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Writes tensors, in the map's order, atomically. */
  public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
      throws IOException {
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      header.add("__metadata__", meta);
    }
    long offset = 0;
    List<ByteBuffer> chunks = new ArrayList<>();
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      HostTensor t = e.getValue();
      JsonObject info = new JsonObject();
      info.addProperty("dtype", toCode(t.dataType()));
      JsonArray shape = new JsonArray();
      for (long d : t.shape().getShape()) {
        shape.add(d);
      }
      info.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += t.data().remaining();
      offsets.add(offset);
      info.add("data_offsets", offsets);
      header.add(e.getKey(), info);
      chunks.add(t.data().duplicate());
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    // The format pads the header with spaces to an 8-byte boundary so the data is aligned.
    int padded = (json.length + 7) / 8 * 8;
    AtomicFiles.write(
        file,
        out -> {
          ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
          out.write(len.array());
          out.write(json);
          for (int i = json.length; i < padded; i++) {
            out.write(' ');
          }
          byte[] buf = new byte[1 << 16];
          for (ByteBuffer chunk : chunks) {
            while (chunk.hasRemaining()) {
              int n = Math.min(buf.length, chunk.remaining());
              chunk.get(buf, 0, n);
              out.write(buf, 0, n);
            }
          }
        });
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static DataType fromCode(String code) {
    return switch (code) {
      case "F64" -> DataType.FLOAT64;
      case "F32" -> DataType.FLOAT32;
      case "F16" -> DataType.FLOAT16;
      case "BF16" -> DataType.BFLOAT16;
      case "I64" -> DataType.INT64;
      case "I32" -> DataType.INT32;
      case "I8" -> DataType.INT8;
      case "U8" -> DataType.UINT8;
      case "BOOL" -> DataType.BOOLEAN;
      default -> throw new IllegalArgumentException("unsupported dtype '" + code + "'");
    };
  }

  private static String toCode(DataType type) {
    return switch (type) {
      case FLOAT64 -> "F64";
      case FLOAT32 -> "F32";
      case FLOAT16 -> "F16";
      case BFLOAT16 -> "BF16";
      case INT64 -> "I64";
      case INT32 -> "I32";
      case INT8 -> "I8";
      case UINT8 -> "U8";
      case BOOLEAN -> "BOOL";
      default -> throw new IllegalArgumentException("safetensors cannot store " + type);
    };
  }
}
