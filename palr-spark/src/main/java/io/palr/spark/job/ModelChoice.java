package io.palr.spark.job;

import io.palr.spark.recommend.LlmSpec;
import io.palr.spark.recommend.PipelineFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The data set and the LLM of a recommend or evaluate job. */
final class ModelChoice {
  @Option(
      names = "--prepared",
      paramLabel = "DIR",
      required = true,
      description = "Folder written by 'palr spark prepare': the users and their histories.")
  String prepared;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      required = true,
      description =
          "palr snapshot of the same data (catalogue, split): 'palr spark prepare --snapshot' or"
              + " 'palr prepare'. Every executor reads it: a shared path, or shipped with"
              + " spark-submit --files.")
  String data;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "256",
      description = "Users per model call, in consecutive user order (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Tasks (default: Spark's default parallelism).")
  Integer partitions;

  @Option(
      names = "--llm",
      paramLabel = "PATH",
      description = "Local LLaMA-family ranker (a path every executor can read).")
  String llm;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = "Tokenizer of --llm.")
  String tokenizer;

  @Option(names = "--adapter", paramLabel = "DIR", description = "LoRA adapter of --llm.")
  String adapter;

  @Option(
      names = "--openai-url",
      paramLabel = "URL",
      description =
          "OpenAI-compatible server (PALR_OPENAI_* settings apply; the API key comes from the executors' PALR_OPENAI_API_KEY).")
  String openaiUrl;

  @Option(names = "--openai-model", paramLabel = "NAME", description = "Model name on the server.")
  String openaiModel;

  @Option(
      names = "--ranker",
      paramLabel = "KIND",
      defaultValue = "generative",
      description = "generative, constrained or likelihood (default: ${DEFAULT-VALUE}).")
  String ranker;

  @Option(names = "--llm-profiles", description = "Let the LLM write the user profiles.")
  boolean llmProfiles;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      defaultValue = "movies",
      description = "Prompt wording: movies, products or games (default: ${DEFAULT-VALUE}).")
  String domain;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "LLM latency budget per user (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(
      names = "--ranker-threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Concurrent LLM requests per executor (default: ${DEFAULT-VALUE}).")
  int rankerThreads;

  PipelineFactory factory(String modelDir, String modelType) {
    if (batch < 1) {
      throw new PalrSparkJob.UsageException("--batch must be >= 1");
    }
    if (partitions != null && partitions < 1) {
      throw new PalrSparkJob.UsageException("--partitions must be >= 1");
    }
    PipelineFactory f =
        PipelineFactory.of(data, modelDir).withModelType(modelType).withRetrievalBatch(batch);
    LlmSpec spec = null;
    if (llm != null && openaiUrl != null) {
      throw new PalrSparkJob.UsageException("give either --llm or --openai-url, not both");
    }
    if (llm != null) {
      spec = LlmSpec.local(llm, tokenizer, adapter, ranker);
    } else if (openaiUrl != null) {
      Map<String, String> settings = new LinkedHashMap<>();
      System.getenv()
          .forEach(
              (k, v) -> {
                if (k.startsWith("PALR_OPENAI_")) {
                  settings.put(k, v);
                }
              });
      settings.put("PALR_OPENAI_BASE_URL", openaiUrl);
      if (openaiModel != null) {
        settings.put("PALR_OPENAI_MODEL", openaiModel);
      }
      spec = LlmSpec.openai(settings, ranker);
    }
    if (spec != null) {
      f =
          f.withLlm(
              spec.withLlmProfiles(llmProfiles),
              domain,
              Duration.ofSeconds(timeout),
              rankerThreads);
    }
    return f;
  }
}
