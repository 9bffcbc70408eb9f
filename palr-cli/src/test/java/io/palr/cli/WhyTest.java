package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code palr recommend --why}: explanations in text and JSON, template and LLM. */
class WhyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String[] recommend(String... more) {
    return Cli.concat(
        new String[] {"recommend"},
        Cli.concat(Cli.SMALL, Cli.concat(new String[] {"--model", "itemknn", "-k", "4"}, more)));
  }

  @Test
  void explainsEveryItemInTextAndJson() throws Exception {
    Cli.Result text = Cli.run(recommend("--user", "u00003", "--why"));
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out().lines().filter(l -> l.startsWith("       why: "))).hasSize(4);
    assertThat(text.out()).contains("why: Because you watched \"");

    Cli.Result json = Cli.run(recommend("--user", "u00003", "--why", "--format", "json"));
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode items = JSON.readTree(json.out()).get(0).path("items");
    assertThat(items).hasSize(4);
    for (JsonNode it : items) {
      JsonNode x = it.path("explanation");
      assertThat(x.path("sentence").asText()).isNotBlank();
      assertThat(x.path("status").asText()).isEqualTo("TEMPLATE");
      assertThat(x.path("evidence").path("origin").asText()).isEqualTo("RETRIEVER");
      assertThat(x.path("evidence").path("historySize").asInt()).isPositive();
    }
    JsonNode first = items.get(0).path("explanation");
    assertThat(first.path("evidence").path("supports").get(0).path("kind").asText())
        .isEqualTo("CO_OCCURRENCE");
    assertThat(first.path("citedItems").get(0).path("title").asText())
        .isEqualTo(first.path("evidence").path("supports").get(0).path("title").asText());

    Cli.Result plain = Cli.run(recommend("--user", "u00003", "--format", "json"));
    JsonNode plainItems = JSON.readTree(plain.out()).get(0).path("items");
    for (int i = 0; i < 4; i++) {
      assertThat(plainItems.get(i).path("id")).isEqualTo(items.get(i).path("id"));
      assertThat(plainItems.get(i).has("explanation")).isFalse();
    }
  }

  @Test
  void badExplainerOptionsAreUsageErrors() {
    Cli.Result unknown = Cli.run(recommend("--user", "u00003", "--why", "--explainer", "poet"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown --explainer 'poet'");
    Cli.Result noModel = Cli.run(recommend("--user", "u00003", "--why", "--explainer", "llm"));
    assertThat(noModel.exitCode()).isEqualTo(2);
    assertThat(noModel.err()).contains("--explainer llm needs a model");
  }

  @Test
  @Timeout(60)
  void anLlmSentenceCitingATitleOutsideTheEvidenceIsReplacedInTheOutput() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    // ranking prompts get no usable answer (retriever order); explanation prompts get a sentence
    // citing a film that is in no evidence
    server.createContext(
        "/v1/completions",
        ex -> {
          String prompt = JSON.readTree(ex.getRequestBody()).path("prompt").asText();
          String text =
              prompt.contains("### Facts:")
                  ? "Because you watched \"Citizen Kane\", you will love it."
                  : "nothing";
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
              recommend(
                  "--user",
                  "u00001",
                  "--openai-url",
                  url,
                  "--openai-model",
                  "fake",
                  "--why",
                  "--explainer",
                  "llm",
                  "--format",
                  "json"));
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).doesNotContain("Citizen Kane\\\", you");
      for (JsonNode it : JSON.readTree(r.out()).get(0).path("items")) {
        JsonNode x = it.path("explanation");
        assertThat(x.path("status").asText()).isEqualTo("REPLACED");
        assertThat(x.path("generator").asText()).startsWith("llm:");
        assertThat(x.path("detail").asText())
            .isEqualTo(
                "model sentence rejected: cites \"Citizen Kane\", which is not in the evidence");
        assertThat(x.path("sentence").asText()).doesNotContain("Citizen Kane");
      }
    } finally {
      server.stop(0);
    }
  }
}
