package io.github.qa4j.examples.cli;

import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.squad.SquadDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where {@code run-qa} fetches models and datasets from, with {@code run_qa.py}'s {@code
 * ModelArguments} and {@code DataTrainingArguments} flags.
 */
final class HubFlags {

  /** The only configuration of the SQuAD datasets on the Hub. */
  static final String SQUAD_CONFIG = "plain_text";

  @Option(
      names = "--model_revision",
      defaultValue = "main",
      description =
          "Branch, tag or commit of a Hub model (for --model_name_or_path, --config_name and"
              + " --tokenizer_name names, not folders).")
  String modelRevision;

  @Option(
      names = "--token",
      description = "Hugging Face access token for private models (default: HF_TOKEN).")
  String token;

  @Option(
      names = "--cache_dir",
      description =
          "Where downloaded models (a Hugging Face hub cache) and datasets (its squad/ folder) are"
              + " kept (default: HF_HUB_CACHE or ~/.cache/huggingface/hub; QA4J_CACHE/squad).")
  Path cacheDir;

  @Option(
      names = "--dataset_config_name",
      description = "Configuration of --dataset_name: squad and squad_v2 have one, plain_text.")
  String datasetConfigName;

  /** Checks the dataset configuration against the datasets qa4j knows. */
  void check(CommandSpec spec, String datasetName) {
    if (datasetConfigName != null && !datasetConfigName.equals(SQUAD_CONFIG)) {
      throw CliChecks.usage(
          spec,
          "--dataset_config_name "
              + datasetConfigName
              + ": "
              + (datasetName == null ? "the dataset" : datasetName)
              + " has the one configuration "
              + SQUAD_CONFIG);
    }
    if (modelRevision.isBlank()) {
      throw CliChecks.usage(spec, "--model_revision must not be blank");
    }
  }

  /** The resolver: the environment's, with this cache folder and token when given. */
  ModelResolver resolver() {
    ModelResolver.Builder b =
        ModelResolver.builder().environment(System.getenv(), System.getProperties());
    if (cacheDir != null) {
      b.cacheDir(cacheDir);
    }
    if (token != null) {
      b.token(token);
    }
    return b.build();
  }

  /** The SQuAD downloads, in {@code --cache_dir}/squad when given. */
  SquadDatasets datasets() {
    SquadDatasets defaults = SquadDatasets.defaults();
    return cacheDir == null ? defaults : defaults.withCacheDir(cacheDir.resolve("squad"));
  }

  /**
   * {@code name} at {@code --model_revision}: a Hub repository id gets {@code @REVISION}; a local
   * folder or a Maven coordinate stays as it is.
   */
  String atRevision(CommandSpec spec, String name) {
    if (modelRevision.equals("main") || name.startsWith("maven:") || Files.exists(Path.of(name))) {
      return name;
    }
    if (name.contains("@")) {
      throw CliChecks.usage(
          spec, name + " names a revision already; give it or --model_revision, not both");
    }
    return name + "@" + modelRevision;
  }
}
