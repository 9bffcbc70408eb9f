package io.palr.spark.recommend;

import io.palr.api.llm.LanguageModel;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.load.LoadOptions;
import io.palr.openai.OpenAiConfig;
import io.palr.openai.OpenAiLanguageModel;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The LLM ranker of a Spark job, as a serialisable recipe each executor opens once: an in-JVM
 * LLaMA-family model (a path every executor can read) or an OpenAI-compatible server with its
 * resilience settings ({@code PALR_OPENAI_*} names, as in docs/remote-llm.md). The API key is never
 * part of the recipe (it would travel with every task): executors read {@code PALR_OPENAI_API_KEY}
 * from their environment ({@code spark.executorEnv.PALR_OPENAI_API_KEY}).
 *
 * @param model a local model path, or null for a remote server
 * @param tokenizer the local model's tokenizer, or null for the one beside it
 * @param adapter a LoRA adapter folder, or null
 * @param openai the remote server's settings by {@code PALR_OPENAI_*} name; empty for a local model
 * @param ranker the ranking mode: generative, constrained or likelihood
 * @param llmProfiles whether the LLM writes the user profiles
 * @param responseTokens context tokens reserved for the answer
 */
public record LlmSpec(
    String model,
    String tokenizer,
    String adapter,
    Map<String, String> openai,
    String ranker,
    boolean llmProfiles,
    int responseTokens)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates and copies the components. */
  public LlmSpec {
    openai = new LinkedHashMap<>(openai);
    openai.remove(OpenAiConfig.ENV_API_KEY);
    openai = java.util.Collections.unmodifiableMap(openai);
    if ((model == null) == openai.isEmpty()) {
      throw new IllegalArgumentException("give either a local model or OpenAI-compatible settings");
    }
    Objects.requireNonNull(ranker, "ranker");
  }

  /** A local model. */
  public static LlmSpec local(String model, String tokenizer, String adapter, String ranker) {
    return new LlmSpec(model, tokenizer, adapter, Map.of(), ranker, false, 128);
  }

  /** A remote OpenAI-compatible server, with settings by {@code PALR_OPENAI_*} name. */
  public static LlmSpec openai(Map<String, String> settings, String ranker) {
    return new LlmSpec(null, null, null, settings, ranker, false, 128);
  }

  /** This spec with LLM-written profiles switched on or off. */
  public LlmSpec withLlmProfiles(boolean on) {
    return new LlmSpec(model, tokenizer, adapter, openai, ranker, on, responseTokens);
  }

  /** Opens the model (on an executor). */
  LanguageModel open() throws IOException {
    if (model != null) {
      LoadOptions options = LoadOptions.defaults();
      if (adapter != null) {
        options = options.withAdapter(Path.of(adapter), true);
      }
      return LlamaLanguageModel.open(
          Path.of(model), tokenizer == null ? null : Path.of(tokenizer), options);
    }
    Map<String, String> env = new LinkedHashMap<>(openai);
    String key = System.getenv(OpenAiConfig.ENV_API_KEY);
    if (key != null) {
      env.put(OpenAiConfig.ENV_API_KEY, key);
    }
    return OpenAiLanguageModel.create(OpenAiConfig.builder().applyEnvironment(env).build());
  }
}
