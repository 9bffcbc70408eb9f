package io.palr.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TargetRank;
import io.palr.eval.metrics.TiePolicy;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.EvaluationSetup;
import io.palr.eval.protocol.UserResult;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves an {@link EvaluationResult} with all per-user ranks as JSON and reads it back, so that
 * systems evaluated in different runs (a baseline today, the LLM pipeline tomorrow) can still be
 * compared with paired significance tests and put in one report. Per-user data is stored
 * column-wise ({@code user}, {@code userId}, {@code target}, {@code found}, {@code better}, {@code
 * tied} arrays).
 */
public final class ResultArchive {
  /** The format version written into every file. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultArchive() {}

  /**
   * Writes a result.
   *
   * @throws ReportException if the file cannot be written
   */
  public static void write(EvaluationResult result, Path file) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "palr-eval-result");
    root.put("version", FORMAT_VERSION);
    root.put("system", result.system());
    EvaluationSetup s = result.setup();
    ObjectNode setup = root.putObject("setup");
    setup.put("dataset", s.dataset());
    setup.put("mode", s.mode().name());
    setup.put("protocol", s.protocol());
    setup.put("tiePolicy", s.tiePolicy().name());
    setup.put("numItems", s.numItems());
    setup.put("listLength", s.listLength());
    setup.put("users", s.users());
    ArrayNode metrics = setup.putArray("metrics");
    s.metrics().forEach(m -> metrics.add(m.name()));
    root.put("elapsedNanos", result.elapsed().toNanos());
    ObjectNode extras = root.putObject("extras");
    result
        .extras()
        .forEach(
            (k, v) -> {
              if (Double.isFinite(v)) {
                extras.put(k, v);
              } else {
                extras.putNull(k);
              }
            });
    ObjectNode users = root.putObject("users");
    ArrayNode user = users.putArray("user");
    ArrayNode userId = users.putArray("userId");
    ArrayNode target = users.putArray("target");
    ArrayNode found = users.putArray("found");
    ArrayNode better = users.putArray("better");
    ArrayNode tied = users.putArray("tied");
    for (UserResult u : result.users()) {
      user.add(u.user());
      userId.add(u.userId());
      target.add(u.target());
      found.add(u.rank().found());
      better.add(u.rank().better());
      tied.add(u.rank().tied());
    }
    try {
      AtomicOutput.writeFile(
          file, tmp -> MAPPER.writeValue(tmp.toFile(), root), tmp -> MAPPER.readTree(tmp.toFile()));
    } catch (IOException e) {
      throw new ReportException("cannot write result " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a result written by {@link #write}.
   *
   * @throws ReportException naming the file and field when the file is missing, not JSON, of
   *     another format or version, or has a missing or malformed field
   */
  public static EvaluationResult read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReportException("cannot read result " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !"palr-eval-result".equals(root.path("format").asText())) {
      throw new ReportException(file + ": not a palr-eval result file (field 'format')");
    }
    if (root.path("version").asInt(-1) != FORMAT_VERSION) {
      throw new ReportException(
          file
              + ": unsupported version "
              + root.path("version")
              + " (field 'version'), "
              + "this build reads version "
              + FORMAT_VERSION);
    }
    try {
      JsonNode s = field(root, "setup", file);
      List<Metric> metrics = new ArrayList<>();
      for (JsonNode m : field(s, "metrics", file)) {
        metrics.add(Metric.parse(m.asText()));
      }
      EvaluationSetup setup =
          new EvaluationSetup(
              text(s, "dataset", file),
              EvaluationMode.valueOf(text(s, "mode", file)),
              text(s, "protocol", file),
              TiePolicy.valueOf(text(s, "tiePolicy", file)),
              integer(s, "numItems", file),
              integer(s, "listLength", file),
              text(s, "users", file),
              metrics);
      Map<String, Double> extras = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : field(root, "extras", file).properties()) {
        extras.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
      }
      JsonNode u = field(root, "users", file);
      JsonNode user = field(u, "user", file);
      JsonNode userId = field(u, "userId", file);
      JsonNode target = field(u, "target", file);
      JsonNode found = field(u, "found", file);
      JsonNode better = field(u, "better", file);
      JsonNode tied = field(u, "tied", file);
      int n = user.size();
      for (JsonNode col : List.of(userId, target, found, better, tied)) {
        if (col.size() != n) {
          throw new ReportException(file + ": per-user columns differ in length (field 'users')");
        }
      }
      List<UserResult> users = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        TargetRank rank =
            found.get(i).asBoolean()
                ? TargetRank.of(better.get(i).asInt(), tied.get(i).asInt())
                : TargetRank.miss();
        users.add(
            new UserResult(
                user.get(i).asInt(), userId.get(i).asText(), target.get(i).asInt(), rank));
      }
      return new EvaluationResult(
          text(root, "system", file),
          setup,
          users,
          Duration.ofNanos(field(root, "elapsedNanos", file).asLong()),
          extras);
    } catch (IllegalArgumentException e) {
      throw new ReportException(file + ": malformed result: " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode node, String name, Path file) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new ReportException(file + ": missing field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode node, String name, Path file) {
    return field(node, name, file).asText();
  }

  private static int integer(JsonNode node, String name, Path file) {
    JsonNode v = field(node, name, file);
    if (!v.canConvertToInt()) {
      throw new ReportException(file + ": field '" + name + "' is not an integer: " + v);
    }
    return v.asInt();
  }
}
