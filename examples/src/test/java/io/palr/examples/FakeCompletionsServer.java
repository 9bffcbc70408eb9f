package io.palr.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking the non-streaming {@code POST /v1/completions} protocol: a ranking
 * prompt (one with a "Candidates:" list) is answered with the last three candidates in reverse
 * order, any other prompt (the profile prompt) with fixed keywords. Bounded: daemon threads,
 * stopped by {@link #close()}.
 */
final class FakeCompletionsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  final AtomicInteger requests = new AtomicInteger();

  FakeCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/v1/completions", this::complete);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fake-openai");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void complete(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    JsonNode req = JSON.readTree(ex.getRequestBody());
    String prompt = req.path("prompt").asText();
    String text;
    int at = prompt.indexOf("\nCandidates:\n");
    if (at >= 0) {
      List<String> cands = new ArrayList<>();
      for (String line : prompt.substring(at + 13).split("\n", -1)) {
        if (!line.startsWith("- ")) {
          break;
        }
        cands.add(line.substring(2));
      }
      List<String> picked = new ArrayList<>();
      for (int i = cands.size() - 1; i >= 0 && picked.size() < 3; i--) {
        picked.add(cands.get(i));
      }
      text = String.join("\n", picked);
    } else {
      text = "drama, romance, 1990s";
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "cmpl-1")
        .put("object", "text_completion")
        .put("model", req.path("model").asText());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("text", text).put("finish_reason", "stop");
    byte[] body = JSON.writeValueAsBytes(root);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
