package io.palr.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.api.llm.GenerationOptions;
import java.util.List;

/**
 * The OpenAI wire format: request bodies for {@code /v1/completions} and {@code
 * /v1/chat/completions}, and readers for their answers. Readers throw {@link WireFormatException}
 * naming the JSON field that is missing or mistyped.
 */
final class WireFormat {

  static final String COMPLETIONS = "completions";
  static final String CHAT = "chat/completions";

  private final ObjectMapper mapper;
  private final OpenAiConfig config;

  WireFormat(ObjectMapper mapper, OpenAiConfig config) {
    this.mapper = mapper;
    this.config = config;
  }

  /** The API path generation uses in the configured mode. */
  String generationPath() {
    return config.apiMode() == ApiMode.CHAT ? CHAT : COMPLETIONS;
  }

  /** A generation request in the configured mode. */
  ObjectNode generationRequest(String prompt, GenerationOptions options, boolean stream) {
    ObjectNode body = mapper.createObjectNode();
    body.put("model", config.model());
    if (config.apiMode() == ApiMode.CHAT) {
      ArrayNode messages = body.putArray("messages");
      if (!config.systemPrompt().isEmpty()) {
        messages.addObject().put("role", "system").put("content", config.systemPrompt());
      }
      messages.addObject().put("role", "user").put("content", prompt);
    } else {
      body.put("prompt", prompt);
    }
    body.put("max_tokens", options.maxTokens());
    body.put("temperature", options.temperature());
    body.put("top_p", options.topP());
    if (options.topK() > 0) {
      body.put("top_k", options.topK());
    }
    body.put("seed", options.seed());
    if (!options.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      options.stop().forEach(stop::add);
    }
    body.put("stream", stream);
    return body;
  }

  /** The generated text of the first choice of a non-streamed answer in the configured mode. */
  String generatedText(JsonNode response) {
    JsonNode choice = firstChoice(response);
    if (config.apiMode() == ApiMode.CHAT) {
      JsonNode message = choice.get("message");
      if (message == null || !message.isObject()) {
        throw new WireFormatException("choices[0].message is missing");
      }
      JsonNode content = message.get("content");
      if (content == null || content.isNull()) {
        return "";
      }
      return requireText(content, "choices[0].message.content");
    }
    JsonNode text = choice.get("text");
    if (text == null) {
      throw new WireFormatException("choices[0].text is missing");
    }
    return requireText(text, "choices[0].text");
  }

  /** The text delta of one streamed chunk; empty for role-only, usage-only or keep-alive chunks. */
  String streamDelta(JsonNode chunk) {
    JsonNode choices = chunk.get("choices");
    if (choices == null || choices.isNull() || (choices.isArray() && choices.isEmpty())) {
      return "";
    }
    if (!choices.isArray()) {
      throw new WireFormatException("chunk field 'choices' is not an array");
    }
    JsonNode choice = choices.get(0);
    JsonNode text;
    if (config.apiMode() == ApiMode.CHAT) {
      // a delta while streaming; a whole message when the server ignored stream=true
      JsonNode holder =
          choice.path("delta").isObject() ? choice.get("delta") : choice.path("message");
      text = holder.isObject() ? holder.get("content") : null;
    } else {
      text = choice.get("text");
    }
    if (text == null || text.isNull()) {
      return "";
    }
    return requireText(
        text, config.apiMode() == ApiMode.CHAT ? "choices[0].delta.content" : "choices[0].text");
  }

  /**
   * A completions request that echoes {@code texts} with the log-probability of every token ({@code
   * echo: true, logprobs: 1, max_tokens: 1}; the single generated token is ignored).
   */
  ObjectNode scoringRequest(List<String> texts) {
    ObjectNode body = mapper.createObjectNode();
    body.put("model", config.model());
    if (texts.size() == 1) {
      body.put("prompt", texts.get(0));
    } else {
      ArrayNode prompts = body.putArray("prompt");
      texts.forEach(prompts::add);
    }
    body.put("max_tokens", 1);
    body.put("temperature", 0.0);
    body.put("echo", true);
    body.put("logprobs", 1);
    body.put("stream", false);
    return body;
  }

  /**
   * Reads a scoring answer: for each of the {@code continuations} (in request order), the sum of
   * the log-probabilities of the echoed tokens that overlap the continuation.
   *
   * <p>Token positions come from {@code logprobs.text_offset}, counted in Unicode code points of
   * the echoed text. A token straddling the prompt/continuation boundary is counted with the
   * continuation (it carries continuation text); the first token of the text has no
   * log-probability, so the prompt must be non-empty.
   */
  double[] continuationScores(JsonNode response, String prompt, List<String> continuations) {
    JsonNode choices = response.get("choices");
    if (choices == null || !choices.isArray()) {
      throw new WireFormatException("field 'choices' is missing or not an array");
    }
    if (choices.size() != continuations.size()) {
      throw new WireFormatException(
          "expected " + continuations.size() + " choices (one per prompt), got " + choices.size());
    }
    double[] scores = new double[continuations.size()];
    boolean[] seen = new boolean[continuations.size()];
    for (int c = 0; c < choices.size(); c++) {
      JsonNode choice = choices.get(c);
      int index = choice.has("index") ? choice.get("index").asInt(-1) : c;
      if (index < 0 || index >= continuations.size() || seen[index]) {
        throw new WireFormatException(
            "choices[" + c + "].index is invalid or repeated: " + choice.get("index"));
      }
      seen[index] = true;
      scores[index] = continuationScore(choice, c, prompt, continuations.get(index));
    }
    return scores;
  }

  private static double continuationScore(
      JsonNode choice, int c, String prompt, String continuation) {
    String at = "choices[" + c + "]";
    JsonNode text = choice.get("text");
    if (text == null || !text.isTextual() || !text.asText().startsWith(prompt)) {
      throw new WireFormatException(
          at + ".text does not start with the prompt (the server ignored echo=true)");
    }
    JsonNode logprobs = choice.get("logprobs");
    if (logprobs == null || !logprobs.isObject()) {
      throw new WireFormatException(at + ".logprobs is missing (the server ignored logprobs)");
    }
    JsonNode tokens = requireArray(logprobs, "tokens", at);
    JsonNode tokenLogprobs = requireArray(logprobs, "token_logprobs", at);
    JsonNode offsets = requireArray(logprobs, "text_offset", at);
    int n = tokens.size();
    if (tokenLogprobs.size() != n || offsets.size() != n) {
      throw new WireFormatException(
          at
              + ".logprobs arrays differ in length: tokens="
              + n
              + ", token_logprobs="
              + tokenLogprobs.size()
              + ", text_offset="
              + offsets.size());
    }
    int start = prompt.codePointCount(0, prompt.length());
    int end = start + continuation.codePointCount(0, continuation.length());
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < n; i++) {
      if (!offsets.get(i).isIntegralNumber()) {
        throw new WireFormatException(at + ".logprobs.text_offset[" + i + "] is not an integer");
      }
      int tokenStart = offsets.get(i).asInt();
      int tokenEnd =
          i + 1 < n
              ? offsets.get(i + 1).asInt()
              : tokenStart
                  + tokens.get(i).asText().codePointCount(0, tokens.get(i).asText().length());
      if (tokenEnd > start && tokenStart < end) {
        JsonNode lp = tokenLogprobs.get(i);
        if (lp == null || !lp.isNumber()) {
          throw new WireFormatException(
              at + ".logprobs.token_logprobs[" + i + "] is not a number inside the continuation");
        }
        sum += lp.asDouble();
        counted++;
      }
    }
    if (counted == 0) {
      throw new WireFormatException(
          at + ".logprobs.text_offset has no token inside the continuation");
    }
    if (!Double.isFinite(sum) || sum > 1e-6) {
      throw new WireFormatException(
          at + " continuation log-probability is not a finite value <= 0: " + sum);
    }
    return sum;
  }

  /** Adds the guided-choice parameter of {@code protocol} to a generation request. */
  static void addChoiceConstraint(ObjectNode body, ChoiceProtocol protocol, List<String> options) {
    ArrayNode choices =
        switch (protocol) {
          case GUIDED_CHOICE -> body.putArray("guided_choice");
          case STRUCTURED_OUTPUTS -> body.putObject("structured_outputs").putArray("choice");
        };
    options.forEach(choices::add);
  }

  private static JsonNode firstChoice(JsonNode response) {
    JsonNode choices = response.get("choices");
    if (choices == null || !choices.isArray()) {
      throw new WireFormatException("field 'choices' is missing or not an array");
    }
    if (choices.isEmpty() || !choices.get(0).isObject()) {
      throw new WireFormatException("field 'choices' is empty");
    }
    return choices.get(0);
  }

  private static JsonNode requireArray(JsonNode parent, String field, String at) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isArray()) {
      throw new WireFormatException(at + ".logprobs." + field + " is missing or not an array");
    }
    return node;
  }

  private static String requireText(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new WireFormatException(field + " is not a string");
    }
    return node.asText();
  }
}
