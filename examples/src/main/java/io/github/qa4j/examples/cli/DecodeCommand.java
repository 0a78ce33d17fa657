package io.github.qa4j.examples.cli;

import ai.djl.ndarray.types.DataType;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.PredictionWriter;
import io.github.qa4j.core.decode.ScoreKind;
import io.github.qa4j.core.decode.SpanDecoder;
import io.github.qa4j.core.decode.SpanLogits;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qa decode}: answers from logits computed elsewhere (ONNX, a server, another framework).
 *
 * <p>Reads a SQuAD file, cuts its windows as {@code qa features} does, reads {@code start_logits}
 * and {@code end_logits} (float32, {@code [windows, max-seq-length]}, in window order) from a
 * safetensors file, decodes them with {@link SpanDecoder} and writes {@code predictions.json},
 * {@code nbest_predictions.json} and, for SQuAD v2, {@code null_odds.json}.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description =
        "Decode start/end logits of every window of a SQuAD file into answers, as Hugging Face's"
            + " run_qa.py does, and write predictions.json, nbest_predictions.json and (v2)"
            + " null_odds.json.")
public final class DecodeCommand implements Callable<Integer> {

  @Mixin SquadInputOptions input;

  @Mixin LayoutOption layout;

  @Mixin WindowFlags window;

  @Option(
      names = "--logits",
      required = true,
      description =
          "safetensors file with float32 start_logits and end_logits of shape"
              + " [windows, max-seq-length], in window order.")
  Path logits;

  @Option(
      names = "--version-2-with-negative",
      description = "Allow the answer \"\" (SQuAD v2) and write null_odds.json.")
  boolean versionTwoWithNegative;

  @Mixin DecodingFlags decoding;

  @Option(
      names = "--require-max-context",
      description =
          "Only keep spans whose start token has its maximum context in the window (Google's"
              + " original run_squad.py rule).")
  boolean requireMaxContext;

  @Option(
      names = "--prefix",
      description = "File name prefix: --prefix eval writes eval_predictions.json and so on.")
  String prefix;

  @Option(names = "--out-dir", required = true, description = "Folder for the output files.")
  Path outDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    input.check(spec);
    CliChecks.requireFile(spec, "--logits", logits);
    OutputGuard.of(spec)
        .input("--data", input.data)
        .input("--tokenizer", input.tokenizer)
        .input("--logits", logits)
        .outputsIn(
            "--out-dir",
            outDir,
            List.of(
                PredictionWriter.fileName(prefix, PredictionWriter.PREDICTIONS),
                PredictionWriter.fileName(prefix, PredictionWriter.NBEST),
                PredictionWriter.fileName(prefix, PredictionWriter.NULL_ODDS)))
        .check();
    int maxSeqLength = window.length(WindowFlags.DEFAULT_LENGTH);
    window.check(spec, maxSeqLength);
    decoding.check(spec);
    SpanDecoder decoder = decoder();
    List<QaFeature> windows = new ArrayList<>();
    List<QaExample> examples;
    try (Featurizer featurizer =
        Featurizer.builder(input.tokenizer, layout.of(spec, input.tokenizer))
            .windows(window.options(maxSeqLength))
            .build()) {
      examples = SquadReader.lenient().read(input.data).examples();
      featurizer.featurizeAll(examples, windows::add);
    }
    List<SpanLogits> windowLogits = readLogits(windows.size(), maxSeqLength);
    List<Prediction> predictions = decoder.decodeAll(examples, windows, windowLogits);
    List<Path> written = PredictionWriter.write(outDir, prefix, ScoreKind.LOGITS, predictions);
    spec.commandLine()
        .getOut()
        .printf(
            "decoded %d questions from %d windows: %s%n",
            predictions.size(),
            windows.size(),
            String.join(", ", written.stream().map(Path::toString).toList()));
    return 0;
  }

  private SpanDecoder decoder() {
    try {
      return new SpanDecoder(decoding.options(versionTwoWithNegative, requireMaxContext));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** One {@link SpanLogits} per window, copied out of the two [windows, length] tensors. */
  private List<SpanLogits> readLogits(int windowCount, int maxSeqLength) throws IOException {
    Map<String, HostTensor> tensors = Safetensors.read(logits);
    float[] start = matrix(tensors, "start_logits", windowCount, maxSeqLength);
    float[] end = matrix(tensors, "end_logits", windowCount, maxSeqLength);
    List<SpanLogits> out = new ArrayList<>(windowCount);
    for (int w = 0; w < windowCount; w++) {
      int from = w * maxSeqLength;
      out.add(
          new SpanLogits(
              Arrays.copyOfRange(start, from, from + maxSeqLength),
              Arrays.copyOfRange(end, from, from + maxSeqLength)));
    }
    return out;
  }

  private float[] matrix(
      Map<String, HostTensor> tensors, String name, int windowCount, int maxSeqLength)
      throws IOException {
    HostTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IOException(
          logits + ": no tensor '" + name + "' (the file has " + tensors.keySet() + ")");
    }
    if (tensor.dataType() != DataType.FLOAT32) {
      throw new IOException(
          logits + ": tensor '" + name + "' is " + tensor.dataType() + ", expected float32");
    }
    long[] shape = tensor.shape().getShape();
    if (shape.length != 2 || shape[0] != windowCount || shape[1] != maxSeqLength) {
      throw new IOException(
          logits
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + ", expected ["
              + windowCount
              + ", "
              + maxSeqLength
              + "]: one row per window of "
              + input.data
              + " with --max-seq-length "
              + maxSeqLength
              + " --doc-stride "
              + window.stride(maxSeqLength));
    }
    return tensor.toFloatArray();
  }
}
