package io.palr.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scriptable HTTP/1.1 server on 127.0.0.1 (ephemeral port) speaking the OpenAI wire format,
 * written on a raw {@link ServerSocket} so that tests control every byte: normal and streamed
 * answers, slow answers, error statuses, garbage, truncated bodies and connections dropped
 * mid-response. Scripted actions are consumed in order; when none is queued the fallback answers.
 */
final class FakeOpenAiServer implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern TOKEN =
      Pattern.compile("\\s*[\\p{L}\\p{N}]+|\\s*[^\\s\\p{L}\\p{N}]|\\s+");

  /** A request as the server saw it. */
  record RecordedRequest(
      String method, String path, Map<String, String> headers, String body, long arrivedNanos) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** How to answer one request; returns whether the connection may be reused. */
  @FunctionalInterface
  interface Action {
    boolean respond(RecordedRequest request, OutputStream out, Socket socket)
        throws IOException, InterruptedException;
  }

  private final ServerSocket serverSocket;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Action> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Function<RecordedRequest, Action> fallback =
      r -> status(500, "{\"error\":\"nothing scripted\"}");

  FakeOpenAiServer() throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-openai-server");
              t.setDaemon(true);
              return t;
            });
    pool.execute(this::acceptLoop);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort();
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  FakeOpenAiServer enqueue(Action... actions) {
    script.addAll(List.of(actions));
    return this;
  }

  FakeOpenAiServer fallback(Function<RecordedRequest, Action> fallback) {
    this.fallback = fallback;
    return this;
  }

  List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  int requestCount() {
    return requests.size();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  int connectionCount() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket s = serverSocket.accept();
        connections.incrementAndGet();
        open.add(s);
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
      while (true) {
        RecordedRequest request = readRequest(in);
        if (request == null) {
          return;
        }
        requests.add(request);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean keepAlive;
        try {
          Action action = script.poll();
          if (action == null) {
            action = fallback.apply(request);
          }
          keepAlive = action.respond(request, out, socket);
          out.flush();
        } finally {
          inFlight.decrementAndGet();
        }
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // client went away or the server is closing
    } finally {
      open.remove(socket);
    }
  }

  private static RecordedRequest readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    long arrived = System.nanoTime();
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new RecordedRequest(
        requestLine[0], requestLine[1], headers, new String(body, StandardCharsets.UTF_8), arrived);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    serverSocket.close();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  // ---- actions
  // --------------------------------------------------------------------------------------------------

  static void writeHead(
      OutputStream out, int status, String contentType, long length, String... extraHeaders)
      throws IOException {
    StringBuilder sb =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\n");
    sb.append("Content-Type: ").append(contentType).append("\r\n");
    if (length >= 0) {
      sb.append("Content-Length: ").append(length).append("\r\n");
    } else {
      sb.append("Connection: close\r\n");
    }
    for (String h : extraHeaders) {
      sb.append(h).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  /** A complete response with a body. */
  static Action status(int status, String body, String... headers) {
    return (req, out, socket) -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      writeHead(out, status, "application/json", bytes.length, headers);
      out.write(bytes);
      return true;
    };
  }

  /** A 200 completions answer (or chat answer, decided by the request path). */
  static Action text(String text) {
    return (req, out, socket) -> status(200, completionBody(req, text)).respond(req, out, socket);
  }

  static String completionBody(RecordedRequest req, String text) {
    ObjectNode root = MAPPER.createObjectNode();
    boolean chat = req.path().endsWith("/chat/completions");
    root.put("id", "cmpl-test");
    root.put("object", chat ? "chat.completion" : "text_completion");
    root.put("model", req.json().path("model").asText());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", "stop");
    root.putObject("usage")
        .put("prompt_tokens", 3)
        .put("completion_tokens", 2)
        .put("total_tokens", 5);
    return root.toString();
  }

  /** Sleeps, then does {@code then} (the client may have given up meanwhile). */
  static Action slow(Duration delay, Action then) {
    return (req, out, socket) -> {
      Thread.sleep(delay.toMillis());
      return then.respond(req, out, socket);
    };
  }

  /** A 200 whose body is not JSON. */
  static Action garbage() {
    return status(200, "<html>502 Bad Gateway from a proxy</html>{");
  }

  /** Declares a Content-Length but sends only half the body, then closes the connection. */
  static Action truncated() {
    return (req, out, socket) -> {
      byte[] bytes = completionBody(req, "never complete").getBytes(StandardCharsets.UTF_8);
      writeHead(out, 200, "application/json", bytes.length);
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      socket.close();
      return false;
    };
  }

  /** Closes the connection without answering. */
  static Action drop() {
    return (req, out, socket) -> {
      socket.setSoLinger(true, 0);
      socket.close();
      return false;
    };
  }

  /** Sends the headers and part of the body, then stalls without closing. */
  static Action stallMidBody(Duration stall) {
    return (req, out, socket) -> {
      byte[] bytes = completionBody(req, "stalled").getBytes(StandardCharsets.UTF_8);
      writeHead(out, 200, "application/json", bytes.length);
      out.write(bytes, 0, 10);
      out.flush();
      Thread.sleep(stall.toMillis());
      return false;
    };
  }

  /**
   * An event stream: each text becomes one chunk in completions or chat format, then {@code data:
   * [DONE]} if {@code done}; the connection closes at the end (close-delimited body).
   */
  static Action stream(List<String> texts, boolean done, Duration gap) {
    return (req, out, socket) -> {
      boolean chat = req.path().endsWith("/chat/completions");
      writeHead(out, 200, "text/event-stream", -1);
      out.write(": keep-alive comment\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (String t : texts) {
        ObjectNode chunk = MAPPER.createObjectNode();
        chunk.put("object", chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
          choice.putObject("delta").put("content", t);
        } else {
          choice.put("text", t);
        }
        choice.putNull("finish_reason");
        out.write(("data: " + chunk + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (!gap.isZero()) {
          Thread.sleep(gap.toMillis());
        }
      }
      if (done) {
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      return false;
    };
  }

  /** An event stream made of raw lines, for parser robustness. */
  static Action rawStream(String raw) {
    return (req, out, socket) -> {
      writeHead(out, 200, "text/event-stream", -1);
      out.write(raw.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return false;
    };
  }

  /**
   * Answers a scoring request ({@code echo: true, logprobs: 1}) like vLLM: each prompt is split
   * into tokens (words with their leading space, single punctuation marks), each token's
   * log-probability is {@link #tokenLogprob}, the first token's is null, and one generated token
   * {@code " x"} follows.
   */
  static Action echoLogprobs() {
    return (req, out, socket) -> {
      JsonNode promptNode = req.json().get("prompt");
      List<String> prompts = new ArrayList<>();
      if (promptNode.isArray()) {
        promptNode.forEach(p -> prompts.add(p.asText()));
      } else {
        prompts.add(promptNode.asText());
      }
      ObjectNode root = MAPPER.createObjectNode();
      root.put("object", "text_completion");
      ArrayNode choices = root.putArray("choices");
      for (int i = prompts.size() - 1;
          i >= 0;
          i--) { // reversed on purpose: clients must use "index"
        String prompt = prompts.get(i);
        ObjectNode choice = choices.addObject();
        choice.put("index", i);
        choice.put("text", prompt + " x");
        ObjectNode lp = choice.putObject("logprobs");
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode logprobs = lp.putArray("token_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        int offset = 0;
        for (String token : tokenize(prompt + " x")) {
          tokens.add(token);
          if (offset == 0) {
            logprobs.addNull();
          } else {
            logprobs.add(tokenLogprob(token));
          }
          offsets.add(offset);
          offset += token.codePointCount(0, token.length());
        }
        choice.put("finish_reason", "length");
      }
      return status(200, root.toString()).respond(req, out, socket);
    };
  }

  /** The fake tokenizer of {@link #echoLogprobs()}. */
  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /** The fake log-probability of a token: minus a tenth of its length in code points. */
  static double tokenLogprob(String token) {
    return -0.1 * token.codePointCount(0, token.length());
  }

  /**
   * A guided-choice server: answers the first option offered in {@code guided_choice} that {@code
   * prefer} accepts.
   */
  static Action guidedChoice(java.util.function.Predicate<String> prefer) {
    return (req, out, socket) -> {
      JsonNode options = req.json().get("guided_choice");
      if (options == null) {
        options = req.json().path("structured_outputs").get("choice");
      }
      if (options == null) {
        return text("I ignore constraints").respond(req, out, socket);
      }
      String pick = options.get(0).asText();
      for (JsonNode o : options) {
        if (prefer.test(o.asText())) {
          pick = o.asText();
          break;
        }
      }
      return text(pick).respond(req, out, socket);
    };
  }
}
