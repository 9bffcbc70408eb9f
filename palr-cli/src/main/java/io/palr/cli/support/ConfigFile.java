package io.palr.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A YAML or JSON configuration file ({@code --config FILE}) supplying option defaults; options
 * given on the command line win. Keys are option names without the leading dashes ({@code epochs},
 * {@code max-tokens}; camelCase and snake_case spellings are accepted). Top-level keys apply to
 * every command that has the option; a section named after a command applies to that command only
 * and wins over the top level:
 *
 * <pre>
 * synthetic: true
 * train:
 *   model: sasrec
 *   epochs: 5
 *   param: {hiddenSize: 64, blocks: 1}
 * </pre>
 *
 * <p>Lists may be given as YAML lists, maps (for {@code key=value} options) as YAML mappings;
 * {@code null} leaves the option at its default. Unknown keys are an error, so that a typo does not
 * silently fall back to a default. A {@code resolved-config.json} written by a run is a valid
 * configuration file (its {@code _run} record is ignored).
 */
public final class ConfigFile implements IDefaultValueProvider {
  private final Path file;
  private final JsonNode root;
  // option names (all spellings) -> the value this file supplied, for error messages; picocli
  // parses on one thread
  private final Map<List<String>, String> supplied = new java.util.LinkedHashMap<>();

  private ConfigFile(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /**
   * Reads a configuration file: YAML for {@code .yml}/{@code .yaml}, JSON otherwise.
   *
   * @throws UsageException if the file is missing, unreadable or not a mapping at the top level
   */
  public static ConfigFile read(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        name.endsWith(".yml") || name.endsWith(".yaml") ? new YAMLMapper() : new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new UsageException("config file not found: " + file, e);
    } catch (java.io.CharConversionException e) {
      throw new UsageException(file + ": not UTF-8 text (a YAML or JSON config file is UTF-8)", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      if (notUtf8(e)) {
        throw new UsageException(
            file + ": not UTF-8 text (a YAML or JSON config file is UTF-8)", e);
      }
      var loc = e.getLocation();
      throw new UsageException(
          file
              + (loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() : "")
              + ": not valid "
              + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
              + ": "
              + ErrorReporting.oneLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new UsageException(
          "cannot read config file " + file + ": " + ErrorReporting.oneLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = mapper.createObjectNode();
    }
    if (!root.isObject()) {
      throw new UsageException(
          "config file " + file + " must hold a mapping of option names to values");
    }
    return new ConfigFile(file, root);
  }

  /**
   * Finds {@code --config FILE} (or {@code --config=FILE}) in raw arguments, before picocli parses
   * them, so that the file can provide defaults during parsing.
   *
   * @return the file, or null when the arguments name none
   */
  public static Path findIn(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.command() == null) {
      return null;
    }
    String key = normalize(option.longestName());
    JsonNode section = section(option.command().name());
    JsonNode value = section == null ? null : find(section, key);
    if (value == null) {
      value = find(root, key);
    }
    if (value == null || value.isNull()) {
      return null;
    }
    String rendered = render(value, option);
    supplied.put(List.of(option.names()), rendered);
    return rendered;
  }

  /**
   * Which value of this file an error message is about, so that the error can name the file: the
   * first option the file supplied (and the command line did not give) whose name, or whose value
   * in quotes, the message contains.
   *
   * @param message the error message
   * @param args the command line's arguments
   * @return for example {@code "--model p from config file c.yaml"}, or null if none matches
   */
  public String blame(String message, List<String> args) {
    if (message == null) {
      return null;
    }
    for (Map.Entry<List<String>, String> e : supplied.entrySet()) {
      boolean onCommandLine =
          args.stream()
              .anyMatch(
                  a -> e.getKey().stream().anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
      if (onCommandLine) {
        continue;
      }
      boolean named = e.getKey().stream().anyMatch(n -> message.contains("'" + n + "'"));
      boolean quoted = !e.getValue().isEmpty() && message.contains("'" + e.getValue() + "'");
      if (named || quoted) {
        return e.getKey().get(e.getKey().size() - 1)
            + " "
            + e.getValue()
            + " from config file "
            + file;
      }
    }
    return null;
  }

  /**
   * Checks that every key names an option of some command, and every key in a command's section an
   * option of that command.
   *
   * @param top the top-level command, with its subcommands
   * @throws UsageException naming the first unknown key
   */
  public void validate(CommandSpec top) {
    Set<String> all = new HashSet<>();
    Set<String> commands = new HashSet<>();
    collect(top, all, commands);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(ResolvedConfig.META_KEY)) {
        continue;
      }
      if (commands.contains(e.getKey()) && e.getValue().isObject()) {
        CommandSpec sub = find(top, e.getKey());
        Set<String> own = new HashSet<>();
        sub.options().forEach(o -> own.add(normalize(o.longestName())));
        for (Iterator<String> names = e.getValue().fieldNames(); names.hasNext(); ) {
          String k = names.next();
          if (!own.contains(normalize(k))) {
            throw new UsageException(
                "config file "
                    + file
                    + ": '"
                    + e.getKey()
                    + "."
                    + k
                    + "' is not an option of '"
                    + sub.qualifiedName()
                    + "'");
          }
        }
      } else if (!all.contains(normalize(e.getKey()))) {
        throw new UsageException(
            "config file " + file + ": '" + e.getKey() + "' is not a palr option");
      }
    }
  }

  private static CommandSpec find(CommandSpec top, String name) {
    if (top.name().equals(name)) {
      return top;
    }
    for (var sub : top.subcommands().values()) {
      CommandSpec found = find(sub.getCommandSpec(), name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static void collect(CommandSpec spec, Set<String> options, Set<String> commands) {
    spec.options().forEach(o -> options.add(normalize(o.longestName())));
    for (var sub : spec.subcommands().values()) {
      commands.add(sub.getCommandName());
      collect(sub.getCommandSpec(), options, commands);
    }
  }

  private JsonNode section(String command) {
    JsonNode s = root.get(command);
    return s != null && s.isObject() ? s : null;
  }

  private static JsonNode find(JsonNode node, String key) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (normalize(e.getKey()).equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String render(JsonNode value, OptionSpec option) {
    String sep = option.splitRegex().isEmpty() ? "," : option.splitRegex();
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      return String.join(sep, parts);
    }
    if (value.isObject()) {
      List<String> parts = new ArrayList<>();
      value.properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
      return String.join(sep, parts);
    }
    return value.asText();
  }

  /**
   * An option or key name reduced to lower-case letters and digits: {@code --max-tokens} = {@code
   * maxTokens}.
   */
  static String normalize(String name) {
    return name.replaceFirst("^-+", "").replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static boolean notUtf8(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.CharConversionException
          || String.valueOf(t.getMessage()).contains("Invalid UTF-8")) {
        return true;
      }
    }
    return false;
  }
}
