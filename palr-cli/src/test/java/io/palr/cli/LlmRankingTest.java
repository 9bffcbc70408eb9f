package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM stage through the command line: a remote OpenAI-compatible server and a local LLaMA
 * model.
 */
class LlmRankingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHARED = Path.of(System.getProperty("palr.shared", "../shared"));

  @Test
  @Timeout(60)
  void ranksWithAnOpenAiCompatibleServer() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    // answers a ranking prompt with its last two candidates, in reverse order
    server.createContext(
        "/v1/completions",
        ex -> {
          String prompt = JSON.readTree(ex.getRequestBody()).path("prompt").asText();
          List<String> cands = new ArrayList<>();
          int at = prompt.indexOf("\nCandidates:\n");
          for (String line : at < 0 ? new String[0] : prompt.substring(at + 13).split("\n")) {
            if (!line.startsWith("- ")) {
              break;
            }
            cands.add(0, line.substring(2));
          }
          String text = String.join("\n", cands.subList(0, Math.min(2, cands.size())));
          byte[] body =
              JSON.writeValueAsBytes(
                  JSON.createObjectNode()
                      .set(
                          "choices",
                          JSON.createArrayNode()
                              .add(
                                  JSON.createObjectNode()
                                      .put("index", 0)
                                      .put("text", text)
                                      .put("finish_reason", "stop"))));
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli.Result r =
          Cli.run(
              Cli.concat(
                  new String[] {"recommend"},
                  Cli.concat(
                      Cli.SMALL,
                      "--user",
                      "u00001",
                      "-k",
                      "4",
                      "--candidates",
                      "8",
                      "--openai-url",
                      url,
                      "--openai-model",
                      "fake",
                      "--format",
                      "json",
                      "--explain")));
      assertThat(r.exitCode()).as(r.toString()).isZero();
      JsonNode rec = JSON.readTree(r.out()).get(0);
      assertThat(rec.path("provenance").path("status").asText()).isEqualTo("LLM_RANKED");
      assertThat(rec.path("items")).hasSize(4);
      assertThat(rec.path("items").get(0).path("llmRanked").asBoolean()).isTrue();
      assertThat(rec.path("items").get(1).path("llmRanked").asBoolean()).isTrue();
      assertThat(rec.path("items").get(2).path("llmRanked").asBoolean()).isFalse();
      assertThat(rec.path("prompt").asText()).contains("Candidates:");
    } finally {
      server.stop(0);
    }
    Cli.Result noServer =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(Cli.SMALL, "--user", "u00001", "--openai-url", "not a url")));
    assertThat(noServer.exitCode()).isEqualTo(2);
    assertThat(noServer.err()).contains("OpenAI-compatible server not configured");
  }

  @Test
  void evaluatesThePipelineWithALocalModel(@TempDir Path dir) throws Exception {
    Path model = SHARED.resolve("models/stories260K-hf");
    assumeTrue(
        Files.isRegularFile(model.resolve("model.safetensors")), "stories260K-hf not in " + SHARED);
    Path out = dir.resolve("eval");
    String[] args =
        Cli.concat(
            new String[] {"evaluate"},
            Cli.concat(
                Cli.SMALL,
                "--systems",
                "itemknn,palr",
                "--palr-retriever",
                "itemknn",
                "--llm",
                model.toString(),
                "--users",
                "6",
                "--candidates",
                "5",
                "--cutoffs",
                "5",
                "-o",
                out.toString()));
    // the tiny model answers nothing usable: every user falls back, and the run says so instead
    // of reporting the retriever's metrics as PALR's
    Cli.Result refused = Cli.run(args);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains("palr: 100.0% of users answered in retriever order (fallback)")
        .contains("above --max-fallback-rate 0.5");
    assertThat(out).doesNotExist();
    Cli.Result r = Cli.run(Cli.concat(args, "--max-fallback-rate", "1"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("fallback").contains("100.0%");
    String csv = Files.readString(out.resolve("results.csv"));
    assertThat(csv).contains("itemknn").contains("palr").contains("fallback_rate");
  }
}
