package io.github.qa4j.examples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A JSON file of arguments, as transformers' {@code HfArgumentParser.parse_json_file} reads it
 * ({@code python run_qa.py args.json}): one object whose keys are flag names without the dashes.
 * Turned into the command line it stands for, so that every check of the flags applies to it.
 */
final class ArgumentsFile {

  private ArgumentsFile() {}

  /**
   * The arguments {@code file} stands for: {@code "key": value} becomes {@code --key value}, a list
   * becomes comma-separated values, {@code null} keeps the default.
   *
   * @throws ParameterException naming the file and the key for a key that is no flag of {@code
   *     spec}, a value that is an object, or a file that is no JSON object
   */
  static List<String> read(CommandSpec spec, Path file) {
    CliChecks.requireFile(spec, "arguments file", file);
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw CliChecks.usage(spec, file + ": expected a JSON object of arguments");
      }
      json = parsed.getAsJsonObject();
    } catch (IOException | JsonParseException e) {
      throw CliChecks.usage(spec, file + ": not a JSON file of arguments (" + e.getMessage() + ")");
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      String flag = "--" + e.getKey();
      OptionSpec option = spec.optionsMap().get(flag);
      if (option == null) {
        throw CliChecks.usage(
            spec, file + ": key '" + e.getKey() + "' is not an argument of " + spec.name());
      }
      JsonElement value = e.getValue();
      if (value.isJsonNull()) {
        continue;
      }
      if (value.isJsonObject()) {
        throw CliChecks.usage(
            spec, file + ": key '" + e.getKey() + "': expected a value or a list, got an object");
      }
      List<String> values = new ArrayList<>();
      for (JsonElement v : value.isJsonArray() ? value.getAsJsonArray() : List.of(value)) {
        if (!v.isJsonPrimitive()) {
          throw CliChecks.usage(
              spec, file + ": key '" + e.getKey() + "': expected plain values, got " + v);
        }
        values.add(v.getAsString());
      }
      if (!values.isEmpty()) {
        args.add(flag + "=" + String.join(",", values));
      }
    }
    return args;
  }

  /**
   * Parses {@code file}'s arguments into {@code spec}'s command; a bad value is a usage error that
   * names the file and the key.
   */
  static void parseInto(CommandSpec spec, Path file) {
    List<String> args = read(spec, file);
    try {
      spec.commandLine().parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      String key =
          e.getArgSpec() instanceof OptionSpec o ? " key '" + o.names()[0].substring(2) + "':" : "";
      throw CliChecks.usage(spec, file + ":" + key + " " + e.getMessage());
    }
  }
}
