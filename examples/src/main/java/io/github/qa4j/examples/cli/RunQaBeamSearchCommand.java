package io.github.qa4j.examples.cli;

import io.github.qa4j.core.model.HeadType;
import picocli.CommandLine.Command;

/**
 * {@code qa run-qa-beam-search}: {@link RunQaCommand} with the answerability head and beam-search
 * decoding, as transformers' {@code run_qa_beam_search.py}.
 */
@Command(
    name = "run-qa-beam-search",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description =
        "Fine-tune, evaluate and predict with the beam-search head with answerability; flags as"
            + " transformers' run_qa_beam_search.py, or a JSON file of them as the only argument.")
public final class RunQaBeamSearchCommand extends RunQaCommand {

  @Override
  HeadType head() {
    return HeadType.BEAM_SEARCH;
  }
}
