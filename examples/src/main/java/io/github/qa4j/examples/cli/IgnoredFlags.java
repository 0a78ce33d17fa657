package io.github.qa4j.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Flags of transformers' {@code TrainingArguments} that have no meaning in qa4j: accepted, so that
 * a {@code run_qa.py} command runs unchanged, with a one-line warning that says why they do
 * nothing. Each description starts with {@link #PREFIX}; the warning repeats it.
 */
final class IgnoredFlags {

  /** The start of every description here. */
  static final String PREFIX = "Ignored: ";

  private static final String HUB =
      PREFIX + "qa4j uploads nothing; upload --output_dir with hf upload.";
  private static final String CUDA = PREFIX + "needs CUDA; qa4j's mixed precision is --bf16.";
  private static final String LOADER =
      PREFIX + "windows are cut and batched in memory on the training thread.";
  private static final String DISTRIBUTED =
      PREFIX + "qa4j splits batches over the local devices itself, without launchers.";

  @Option(names = "--push_to_hub", arity = "0..1", fallbackValue = "true", description = HUB)
  String pushToHub;

  @Option(names = "--hub_model_id", description = HUB)
  String hubModelId;

  @Option(names = "--hub_token", description = HUB)
  String hubToken;

  @Option(names = "--hub_strategy", description = HUB)
  String hubStrategy;

  @Option(names = "--hub_private_repo", arity = "0..1", fallbackValue = "true", description = HUB)
  String hubPrivateRepo;

  @Option(names = "--fp16", arity = "0..1", fallbackValue = "true", description = CUDA)
  String fp16;

  @Option(names = "--fp16_opt_level", description = CUDA)
  String fp16OptLevel;

  @Option(names = "--tf32", arity = "0..1", fallbackValue = "true", description = CUDA)
  String tf32;

  @Option(
      names = "--gradient_checkpointing",
      arity = "0..1",
      fallbackValue = "true",
      description =
          PREFIX
              + "DJL 0.36 cannot recompute activations in backward (no torch.utils.checkpoint),"
              + " so training keeps them all.")
  String gradientCheckpointing;

  @Option(names = "--dataloader_num_workers", description = LOADER)
  String dataloaderNumWorkers;

  @Option(
      names = "--dataloader_pin_memory",
      arity = "0..1",
      fallbackValue = "true",
      description = LOADER)
  String dataloaderPinMemory;

  @Option(names = "--preprocessing_num_workers", description = LOADER)
  String preprocessingNumWorkers;

  @Option(
      names = "--overwrite_cache",
      arity = "0..1",
      fallbackValue = "true",
      description = PREFIX + "qa4j caches no preprocessed dataset; windows are cut each run.")
  String overwriteCache;

  @Option(names = "--local_rank", description = DISTRIBUTED)
  String localRank;

  @Option(names = "--ddp_backend", description = DISTRIBUTED)
  String ddpBackend;

  @Option(names = "--deepspeed", description = DISTRIBUTED)
  String deepspeed;

  @Option(names = "--fsdp", description = DISTRIBUTED)
  String fsdp;

  @Option(
      names = "--torch_compile",
      arity = "0..1",
      fallbackValue = "true",
      description = PREFIX + "DJL runs PyTorch eagerly; there is no torch.compile.")
  String torchCompile;

  @Option(
      names = "--trust_remote_code",
      arity = "0..1",
      fallbackValue = "true",
      description = PREFIX + "qa4j runs no Python code from a model repository.")
  String trustRemoteCode;

  @Option(
      names = "--save_safetensors",
      arity = "0..1",
      fallbackValue = "true",
      description = PREFIX + "qa4j always writes safetensors.")
  String saveSafetensors;

  @Option(names = "--log_level", description = PREFIX + "use --verbose for debug logging.")
  String logLevel;

  @Option(
      names = "--optim",
      description = PREFIX + "qa4j trains with AdamW (adamw_torch) and no other optimizer.")
  String optim;

  /**
   * Prints one line for each of these flags that was given and would have done something (a boolean
   * set to false would not, nor {@code --optim adamw_torch}).
   */
  static void warn(ParseResult parsed, PrintWriter err) {
    for (OptionSpec option : parsed.matchedOptions()) {
      String description = String.join(" ", option.description());
      if (!description.startsWith(PREFIX)) {
        continue;
      }
      Object raw = option.getValue();
      String value = String.valueOf(raw).strip();
      if (value.equalsIgnoreCase("false")
          || (List.of(option.names()).contains("--optim") && value.startsWith("adamw_torch"))) {
        continue;
      }
      String name = option.names()[0];
      err.println("qa: ignoring " + name + ": " + description.substring(PREFIX.length()));
    }
  }
}
