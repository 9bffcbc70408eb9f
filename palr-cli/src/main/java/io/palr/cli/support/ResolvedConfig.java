package io.palr.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration a command actually ran with (every option after command line, config file and
 * defaults were applied), written as {@code resolved-config.json} beside the command's output so
 * that a run can be reproduced with {@code --config resolved-config.json}.
 */
public final class ResolvedConfig {
  /** The file name written. */
  public static final String FILE_NAME = "resolved-config.json";

  /**
   * The key of the record describing the run (command, version, time), ignored when the file is
   * read back.
   */
  public static final String META_KEY = "_run";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> SKIPPED =
      Set.of("help", "version", "config", "verbose", "engine-threads");

  private ResolvedConfig() {}

  /**
   * The resolved options of a command as JSON: {@code {"command": ..., "version": ..., "created":
   * ..., "<command>": {option: value, ...}}}, loadable again with {@code --config}.
   */
  public static ObjectNode of(CommandSpec spec) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName().replaceFirst("^-+", "");
      if (SKIPPED.contains(name) || o.usageHelp() || o.versionHelp()) {
        continue;
      }
      options.set(name, toJson(o.getValue()));
    }
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("command", spec.qualifiedName());
    meta.put("version", Version.get());
    meta.put("created", Instant.now().toString());
    root.set(META_KEY, meta);
    root.set(spec.name(), options);
    return root;
  }

  /**
   * Writes {@link #of} into {@code directory/resolved-config.json}.
   *
   * @return the file written
   */
  public static Path write(CommandSpec spec, Path directory) {
    return writeFile(spec, directory.resolve(FILE_NAME));
  }

  /**
   * Writes {@link #of} into {@code file}, atomically.
   *
   * @return the file written
   */
  public static Path writeFile(CommandSpec spec, Path file) {
    try {
      byte[] bytes = JSON.writeValueAsBytes(of(spec));
      AtomicOutput.writeFile(file, tmp -> Files.write(tmp, bytes), tmp -> {});
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode toJson(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    }
    if (value instanceof Path || value instanceof Enum<?> || value instanceof CharSequence) {
      return f.textNode(value.toString());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return JSON.valueToTree(value);
    }
    if (value instanceof Collection<?> c) {
      var arr = f.arrayNode();
      c.forEach(v -> arr.add(toJson(v)));
      return arr;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode obj = f.objectNode();
      m.forEach((k, v) -> obj.set(String.valueOf(k), toJson(v)));
      return obj;
    }
    if (value instanceof Object[] a) {
      var arr = f.arrayNode();
      for (Object v : a) {
        arr.add(toJson(v));
      }
      return arr;
    }
    return f.textNode(value.toString());
  }
}
