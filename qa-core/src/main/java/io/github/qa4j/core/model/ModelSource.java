package io.github.qa4j.core.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.hub.ModelResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the model of a trainer or a question answerer comes from, with its tokenizer: a name to
 * resolve, a config to initialize randomly, or a model already in memory. {@link #open} is the one
 * place that resolves, checks the tokenizer, loads and picks the head for both.
 */
public sealed interface ModelSource
    permits ModelSource.Named, ModelSource.RandomInit, ModelSource.InMemory {

  /**
   * A checkpoint to resolve: a local directory, a Hub name such as {@code bert-base-uncased}, or
   * {@code maven:GROUP:ARTIFACT:VERSION}.
   *
   * @param nameOrPath what to resolve
   * @param tokenizer the {@code tokenizer.json}, or null for the one in the model directory
   */
  record Named(String nameOrPath, Path tokenizer) implements ModelSource {
    /** Checks the name. */
    public Named {
      Objects.requireNonNull(nameOrPath, "nameOrPath");
    }

    @Override
    public Opened open(ModelResolver resolver, HeadType head, long seed, Device device)
        throws IOException {
      Path dir = resolver.resolve(nameOrPath);
      Path file =
          ModelSource.requireTokenizer(
              tokenizer != null ? tokenizer : dir.resolve("tokenizer.json"));
      Path configFile = dir.resolve("config.json");
      JsonObject config = QaModels.readConfig(configFile);
      return new Opened(QaModels.load(dir, head, seed, device), file, true, config, configFile);
    }
  }

  /**
   * Random initialization from a Hugging Face {@code config.json} object, as transformers does for
   * {@code --config_name} without weights.
   *
   * @param config the config object
   * @param tokenizer the {@code tokenizer.json}
   */
  record RandomInit(JsonObject config, Path tokenizer) implements ModelSource {
    /** Checks and copies the config. */
    public RandomInit {
      config = Objects.requireNonNull(config, "config").deepCopy();
      Objects.requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public Opened open(ModelResolver resolver, HeadType head, long seed, Device device)
        throws IOException {
      Path file = ModelSource.requireTokenizer(tokenizer);
      QaModelProvider family = QaModels.provider(config, Path.of("config"));
      HeadType chosen = head != null ? head : family.defaultHead(config);
      return new Opened(
          family.create(config, chosen, seed, device), file, true, config, Path.of("config"));
    }
  }

  /**
   * A model already in memory, for example {@code trainer.model()} after training. The caller keeps
   * ownership: whoever opens it never closes it.
   *
   * @param model the model
   * @param tokenizer the {@code tokenizer.json} its windows are cut with
   */
  record InMemory(QaModel model, Path tokenizer) implements ModelSource {
    /** Checks for nulls. */
    public InMemory {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public Opened open(ModelResolver resolver, HeadType head, long seed, Device device)
        throws IOException {
      if (head != null && head != model.headType()) {
        throw new IllegalArgumentException(
            "the model in memory has the " + model.headType() + " head, not " + head);
      }
      return new Opened(model, ModelSource.requireTokenizer(tokenizer), false, null, null);
    }
  }

  /**
   * Loads, creates or takes the model.
   *
   * @param resolver resolves {@link Named} sources
   * @param head the head, or null for the one the checkpoint or config names
   * @param seed seeds every randomly initialized parameter
   * @param device where a loaded or created model's parameters go
   * @throws IOException when a file is missing or invalid; the message names it
   * @throws IllegalArgumentException when an in-memory model has another head than {@code head}
   */
  Opened open(ModelResolver resolver, HeadType head, long seed, Device device) throws IOException;

  /** The tokenizer file, checked to be one. */
  private static Path requireTokenizer(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + (Files.isDirectory(file) ? ": is a directory" : ": not found")
              + ", expected a Hugging Face tokenizer.json file");
    }
    return file;
  }

  /**
   * An opened model and its tokenizer.
   *
   * @param model the model
   * @param tokenizer its {@code tokenizer.json}
   * @param owned whether closing is this opener's job (false for {@link InMemory} models)
   * @param config the model's {@code config.json}, or null for a model in memory
   * @param configSource where the config came from, for messages; null with no config
   */
  record Opened(QaModel model, Path tokenizer, boolean owned, JsonObject config, Path configSource)
      implements AutoCloseable {

    /**
     * A featurizer that cuts this model's windows with its tokenizer, after checking that the
     * tokenizer and the window length fit the model ({@link ModelFit}); on failure the model is
     * closed (when owned) before the exception leaves.
     *
     * @throws IOException when the tokenizer or the windows do not fit the model; the message names
     *     both files
     */
    public Featurizer featurizer(WindowOptions windows) throws IOException {
      try {
        if (config != null) {
          ModelFit.check(config, configSource, tokenizer, windows.maxSeqLength());
        }
        return Featurizer.builder(tokenizer, model.layout()).windows(windows).build();
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Closes the model when it is owned. */
    @Override
    public void close() {
      if (owned) {
        model.close();
      }
    }
  }
}
