package io.palr.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiConfigTest {

  @Test
  void readsEveryEnvironmentVariable() {
    OpenAiConfig c =
        OpenAiConfig.builder()
            .applyEnvironment(
                Map.ofEntries(
                    Map.entry("PALR_OPENAI_BASE_URL", "https://llm.internal:8443/v1"),
                    Map.entry("PALR_OPENAI_MODEL", "meta-llama/Llama-2-7b-hf"),
                    Map.entry("PALR_OPENAI_API_KEY", "sk-env-secret-123456"),
                    Map.entry("PALR_OPENAI_API", "chat"),
                    Map.entry("PALR_OPENAI_SERVER_NAME", "vllm"),
                    Map.entry("PALR_OPENAI_TIMEOUT_MS", "1500"),
                    Map.entry("PALR_OPENAI_CONNECT_TIMEOUT_MS", "700"),
                    Map.entry("PALR_OPENAI_MAX_CONCURRENCY", "32"),
                    Map.entry("PALR_OPENAI_MAX_ATTEMPTS", "5"),
                    Map.entry("PALR_OPENAI_CONTEXT_LENGTH", "8192"),
                    Map.entry("PALR_OPENAI_SCORING", "enabled"),
                    Map.entry("PALR_OPENAI_CHOICE", "disabled"),
                    Map.entry("PALR_OPENAI_CHOICE_PROTOCOL", "structured-outputs")))
            .build();

    assertThat(c.endpoint("completions"))
        .isEqualTo(URI.create("https://llm.internal:8443/v1/completions"));
    assertThat(c.model()).isEqualTo("meta-llama/Llama-2-7b-hf");
    assertThat(c.hasApiKey()).isTrue();
    assertThat(c.apiMode()).isEqualTo(ApiMode.CHAT);
    assertThat(c.serverLabel()).isEqualTo("vllm at https://llm.internal:8443");
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(c.acquireTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.maxConcurrency()).isEqualTo(32);
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(5);
    assertThat(c.contextLength()).isEqualTo(8192);
    assertThat(c.continuationScoring()).isEqualTo(CapabilitySetting.ENABLED);
    assertThat(c.constrainedChoice()).isEqualTo(CapabilitySetting.DISABLED);
    assertThat(c.choiceProtocol()).isEqualTo(ChoiceProtocol.STRUCTURED_OUTPUTS);
    assertThat(c.toString()).doesNotContain("sk-env-secret").contains("apiKey=<redacted>");
    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
  }

  @Test
  void endpointsWithAndWithoutV1() {
    OpenAiConfig plain = OpenAiConfig.builder().baseUrl("http://127.0.0.1:8000").model("m").build();
    assertThat(plain.endpoint("chat/completions"))
        .isEqualTo(URI.create("http://127.0.0.1:8000/v1/chat/completions"));
    OpenAiConfig slash = OpenAiConfig.builder().baseUrl("http://h:1/v1/").model("m").build();
    assertThat(slash.endpoint("completions")).isEqualTo(URI.create("http://h:1/v1/completions"));
    OpenAiConfig prefix = OpenAiConfig.builder().baseUrl("http://h/api").model("m").build();
    assertThat(prefix.endpoint("completions")).isEqualTo(URI.create("http://h/api/v1/completions"));
    assertThat(prefix.hasApiKey()).isFalse();
    assertThat(prefix.toString()).contains("apiKey=<none>");
  }

  @Test
  void badValuesNameTheVariableOrField() {
    assertThatThrownBy(
            () -> OpenAiConfig.builder().applyEnvironment(Map.of("PALR_OPENAI_TIMEOUT_MS", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PALR_OPENAI_TIMEOUT_MS");
    assertThatThrownBy(
            () -> OpenAiConfig.builder().applyEnvironment(Map.of("PALR_OPENAI_API", "rpc")))
        .hasMessageContaining("PALR_OPENAI_API must be one of [completions, chat]");
    assertThatThrownBy(() -> OpenAiConfig.builder().model("m").build())
        .hasMessageContaining("PALR_OPENAI_BASE_URL");
    assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("http://h").build())
        .hasMessageContaining("PALR_OPENAI_MODEL");
    assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("ftp://h"))
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("http://user:sk-in-url-secret@h:80"))
        .hasMessageContaining("must not contain credentials")
        .hasMessageNotContaining("sk-in-url-secret");
    assertThatThrownBy(
            () -> OpenAiConfig.builder().baseUrl("http://h").model("m").maxConcurrency(0).build())
        .hasMessageContaining("maxConcurrency");
    assertThatThrownBy(
            () ->
                OpenAiConfig.builder()
                    .baseUrl("http://h")
                    .model("m")
                    .requestTimeout(Duration.ZERO)
                    .build())
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void redactorMasksKeysBearerTokensAndKeyShapedStrings() {
    Redactor r = new Redactor("my-long-secret", 40);
    assertThat(
            r.redact("key my-long-secret and Authorization: Bearer abc.def and sk-proj-ABCDEFGH12"))
        .isEqualTo("key [REDACTED] and Authorization: Bearer [REDACTED] and [REDACTED]");
    assertThat(r.excerpt("x".repeat(100))).hasSize(40 + "...(100 chars)".length());
    assertThat(new Redactor("abc", 100).redact("abc key"))
        .as("too short to be a secret")
        .isEqualTo("abc key");
    assertThat(r.excerpt("a  \n b")).isEqualTo("a b");
  }
}
