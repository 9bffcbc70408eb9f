package io.palr.examples;

import io.palr.api.Recommendation;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.openai.OpenAiConfig;
import io.palr.openai.OpenAiLanguageModel;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Example 3: a remote LLM behind an OpenAI-compatible server (vLLM, llama.cpp server, OpenAI ...)
 * as both the profile generator and the ranker. The server is configured by environment variables:
 * {@code PALR_OPENAI_BASE_URL} (e.g. {@code http://localhost:8000}), {@code PALR_OPENAI_MODEL},
 * optionally {@code PALR_OPENAI_API_KEY}. Without them the example prints what to set and exits
 * with status 2.
 */
public final class RemoteLlmExample {
  private RemoteLlmExample() {}

  /**
   * Ranks candidates for one user with the configured server.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int code = run(System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the example.
   *
   * @param env the environment to read the server configuration from
   * @return the exit status: 0, or 2 when no server is configured, 1 when the request failed
   */
  static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    String url = env.get(OpenAiConfig.ENV_BASE_URL);
    String model = env.get(OpenAiConfig.ENV_MODEL);
    if (url == null || url.isBlank() || model == null || model.isBlank()) {
      err.println(
          "error: no OpenAI-compatible server configured; set "
              + OpenAiConfig.ENV_BASE_URL
              + " (e.g. http://localhost:8000) and "
              + OpenAiConfig.ENV_MODEL
              + " (the served model's name)");
      return 2;
    }
    InteractionDataset data = SyntheticDataset.generate();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(data);
    try (OpenAiLanguageModel llm =
            OpenAiLanguageModel.create(OpenAiConfig.builder().applyEnvironment(env).build());
        RetrievalModels.Fitted knn =
            RetrievalModels.fit(ItemKnnConfig.defaults(), split, TrainerConfig.defaults())) {
      var popularity =
          PopularityScorer.fit(
              data.numItems(),
              IntStream.range(0, split.numUsers()).mapToObj(split::train).toList());
      PalrPromptTemplate template =
          PalrPromptTemplate.builder(Domain.MOVIES).budgetFor(llm, 256).build();
      try (Palr palr =
          Palr.builder()
              .retriever(new ScorerRetriever("itemknn", knn.scorer(), data.catalog(), popularity))
              .profileGenerator(LlmProfileGenerator.builder(llm, template).build())
              .ranker(RankerKind.GENERATIVE, llm, template)
              .numCandidates(20)
              .latencyBudget(Duration.ofSeconds(60))
              .catalog(data.catalog())
              .build()) {
        Recommendation rec = palr.recommend(data.history(0), 5);
        out.println(
            "profile: "
                + rec.provenance().profile().text()
                + " ("
                + rec.provenance().profile().source()
                + ")");
        rec.items()
            .forEach(
                i ->
                    out.printf(
                        "%d. %s%s%n", i.rank(), i.item().title(), i.llmRanked() ? "" : " *"));
        out.println(
            "status: "
                + rec.provenance().status()
                + (rec.provenance().detail().isEmpty()
                    ? ""
                    : " (" + rec.provenance().detail() + ")")
                + "; * = back-filled in retriever order");
        return 0;
      }
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
