package io.palr.cli.options;

import io.palr.api.llm.LanguageModel;
import io.palr.cli.support.UsageException;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.openai.OpenAiConfig;
import io.palr.openai.OpenAiLanguageModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which language model ranks the candidates: a local LLaMA-family model ({@code --llm PATH}) or an
 * OpenAI-compatible server ({@code --openai}, configured by {@code --openai-url}/{@code
 * --openai-model} or the {@code PALR_OPENAI_*} environment variables), and how it ranks ({@code
 * --ranker}).
 */
public final class LlmOptions {
  /** A local model. */
  @Option(
      names = "--llm",
      paramLabel = "PATH",
      description =
          "Local LLaMA-family ranker: a Hugging Face folder or a llama2.c .bin checkpoint.")
  public Path llm;

  /** The tokenizer of the local model. */
  @Option(
      names = "--tokenizer",
      paramLabel = "PATH",
      description = "Tokenizer of --llm (default: the one beside the model).")
  public Path tokenizer;

  /** A PEFT LoRA adapter for the local model. */
  @Option(
      names = "--adapter",
      paramLabel = "DIR",
      description = "PEFT LoRA adapter folder applied to --llm.")
  public Path adapter;

  /** Whether to use an OpenAI-compatible server. */
  @Option(
      names = "--openai",
      description =
          "Rank with an OpenAI-compatible server (PALR_OPENAI_BASE_URL, PALR_OPENAI_MODEL, ...).")
  public boolean openai;

  /** The server's base URL. */
  @Option(
      names = "--openai-url",
      paramLabel = "URL",
      description = "Base URL of the OpenAI-compatible server.")
  public String openaiUrl;

  /** The served model's name. */
  @Option(
      names = "--openai-model",
      paramLabel = "NAME",
      description = "Model name on the OpenAI-compatible server.")
  public String openaiModel;

  /** How the model ranks. */
  @Option(
      names = "--ranker",
      paramLabel = "KIND",
      defaultValue = "generative",
      description =
          "How the LLM ranks: generative, constrained or likelihood (default: ${DEFAULT-VALUE}).")
  public String ranker;

  /** Whether the LLM also writes the user profiles. */
  @Option(
      names = "--llm-profiles",
      description = "Let the LLM write the user profiles (default: attribute keywords).")
  public boolean llmProfiles;

  /** Response tokens kept free of the prompt budget. */
  @Option(
      names = "--response-tokens",
      paramLabel = "N",
      defaultValue = "128",
      description = "Context tokens reserved for the ranker's answer (default: ${DEFAULT-VALUE}).")
  public int responseTokens;

  /** Creates the options; picocli fills the fields. */
  public LlmOptions() {}

  /** The input files these options name ({@code --llm}, {@code --tokenizer}, {@code --adapter}). */
  public java.util.Map<String, Path> inputs() {
    java.util.Map<String, Path> m = new java.util.LinkedHashMap<>();
    if (llm != null) {
      m.put("--llm", llm);
    }
    if (tokenizer != null) {
      m.put("--tokenizer", tokenizer);
    }
    if (adapter != null) {
      m.put("--adapter", adapter);
    }
    return m;
  }

  /**
   * Refuses LLM options that have no effect: {@code --adapter} or {@code --tokenizer} without
   * {@code --llm}, server settings with {@code --llm}, ranking or profile options without any LLM.
   *
   * @param given whether the user gave an option on the command line
   * @throws UsageException naming the option and why it has no effect
   */
  public void requireConsistent(java.util.function.Predicate<String> given) {
    if (llm == null) {
      for (String o : new String[] {"--adapter", "--tokenizer"}) {
        if (given.test(o)) {
          throw new UsageException(o + " applies to a local model and has no effect without --llm");
        }
      }
    }
    if (llm != null) {
      for (String o : new String[] {"--openai-url", "--openai-model"}) {
        if (given.test(o)) {
          throw new UsageException(o + " configures --openai and has no effect with --llm");
        }
      }
    }
    if (!configured()) {
      for (String o : new String[] {"--ranker", "--llm-profiles", "--response-tokens"}) {
        if (given.test(o)) {
          throw new UsageException(
              o + " has no effect without an LLM (give --llm PATH or --openai)");
        }
      }
    }
  }

  /** Whether any LLM was configured. */
  public boolean configured() {
    return llm != null || openai || openaiUrl != null;
  }

  /** The ranker kind named by {@code --ranker}. */
  public RankerKind rankerKind() {
    try {
      return RankerKind.valueOf(ranker.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "unknown --ranker '" + ranker + "'; expected generative, constrained or likelihood");
    }
  }

  /**
   * Opens the configured model, if any. The caller closes it.
   *
   * @throws UsageException if both a local and a remote model are configured, or the remote one
   *     lacks a URL or model name
   */
  public Optional<LanguageModel> open() throws java.io.IOException {
    if (llm != null && (openai || openaiUrl != null)) {
      throw new UsageException("give either --llm or --openai, not both");
    }
    if (llm != null) {
      return Optional.of(LocalModels.open(llm, tokenizer, adapter));
    }
    if (openai || openaiUrl != null) {
      OpenAiConfig.Builder b = OpenAiConfig.fromEnvironment();
      try {
        if (openaiUrl != null) {
          b.baseUrl(openaiUrl);
        }
        if (openaiModel != null) {
          b.model(openaiModel);
        }
        return Optional.of(OpenAiLanguageModel.create(b.build()));
      } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
        throw new UsageException(
            "OpenAI-compatible server not configured: "
                + e.getMessage()
                + " (set --openai-url and --openai-model, or "
                + OpenAiConfig.ENV_BASE_URL
                + " and "
                + OpenAiConfig.ENV_MODEL
                + ")",
            e);
      }
    }
    return Optional.empty();
  }

  /** The prompt template for a domain, budgeted for the model's context window. */
  public PalrPromptTemplate template(Domain domain, LanguageModel model) {
    try {
      return PalrPromptTemplate.builder(domain).budgetFor(model, responseTokens).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
