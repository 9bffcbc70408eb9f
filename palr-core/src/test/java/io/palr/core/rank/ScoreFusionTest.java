package io.palr.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.testkit.ScriptedLanguageModel;
import io.palr.testkit.TestItems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {
  private final List<Item> movies = TestItems.movies();

  /** Retriever order = list order, scores 10, 9, ..., 1. */
  private final List<Candidate> candidates = TestItems.candidates(movies.subList(5, 15));

  private final PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);

  private RankingRequest request(int k) {
    return new RankingRequest(
        UserHistory.of("u", movies.subList(0, 5)),
        new UserProfile(List.of("sci-fi"), "", "t"),
        candidates,
        k);
  }

  /** A model whose (total) log-likelihood of each candidate's rendering is given by the map. */
  private ScriptedLanguageModel scoring(Map<String, Double> byItemId) {
    Map<String, Double> byRendering = new HashMap<>();
    for (Candidate c : candidates) {
      byRendering.put(
          template.renderer().render(c.item()), byItemId.getOrDefault(c.item().id(), -50.0));
    }
    return ScriptedLanguageModel.answering("")
        .scoring(opts -> opts.stream().mapToDouble(byRendering::get).toArray());
  }

  /** The LLM prefers the retriever's worst candidates: score = -(10 - position). */
  private ScriptedLanguageModel reversed() {
    Map<String, Double> s = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      s.put(candidates.get(i).item().id(), -(10.0 - i));
    }
    return scoring(s);
  }

  @Test
  void zeroWeightIsThePureLlmOrder() {
    ScriptedLanguageModel model = reversed();
    List<String> pure =
        ids(
            new LikelihoodRanker(model, template, LikelihoodRanker.Normalization.SUM)
                .rank(request(4))
                .ranked());
    List<String> zero =
        ids(
            new LikelihoodRanker(
                    model, template, LikelihoodRanker.Normalization.SUM, ScoreFusion.of(0))
                .rank(request(4))
                .ranked());
    assertThat(pure).isEqualTo(zero).containsExactly(id(9), id(8), id(7), id(6));
  }

  @Test
  void hugeWeightIsTheRetrieverOrder() {
    ScriptedLanguageModel model = reversed();
    for (RetrieverPrior prior : RetrieverPrior.values()) {
      List<String> fused =
          ids(
              new LikelihoodRanker(
                      model,
                      template,
                      LikelihoodRanker.Normalization.SUM,
                      new ScoreFusion(1e6, prior))
                  .rank(request(10))
                  .ranked());
      assertThat(fused).as(prior.name()).isEqualTo(ids(candidates));
    }
  }

  @Test
  void midWeightFlipsAPairAtTheExpectedPoint() {
    // retriever: A (score 10) before B (score 9): log-softmax prior differs by exactly 1 nat.
    // LLM: B -1.0, A -1.5. Fused A - B = -0.5 + lambda: B first below lambda 0.5, A first above.
    String a = id(0);
    String b = id(1);
    ScriptedLanguageModel model = scoring(Map.of(a, -1.5, b, -1.0));
    LikelihoodRanker llmOnly =
        new LikelihoodRanker(model, template, LikelihoodRanker.Normalization.SUM);
    assertThat(ids(llmOnly.rank(request(2)).ranked())).containsExactly(b, a);
    assertThat(ids(llmOnly.withFusion(ScoreFusion.of(0.25)).rank(request(2)).ranked()))
        .containsExactly(b, a);
    assertThat(ids(llmOnly.withFusion(ScoreFusion.of(1)).rank(request(2)).ranked()))
        .containsExactly(a, b);
    // the rank prior: -log 1 vs -log 2 = log 2 apart, so the flip is at 0.5 / log 2 = 0.72
    LikelihoodRanker rank06 = llmOnly.withFusion(new ScoreFusion(0.6, RetrieverPrior.RANK));
    LikelihoodRanker rank09 = llmOnly.withFusion(new ScoreFusion(0.9, RetrieverPrior.RANK));
    assertThat(ids(rank06.rank(request(2)).ranked())).containsExactly(b, a);
    assertThat(ids(rank09.rank(request(2)).ranked())).containsExactly(a, b);
  }

  @Test
  void scoresOnceThenRankUnderManyWeightsLikeTheRanker() {
    ScriptedLanguageModel model = reversed();
    LikelihoodRanker ranker =
        new LikelihoodRanker(model, template, LikelihoodRanker.Normalization.SUM);
    CandidateScores scores = ranker.scores(request(3));
    assertThat(scores.shown()).hasSize(10).containsExactlyInAnyOrderElementsOf(candidates);
    int before = model.prompts.size();
    for (double w : new double[] {0, 0.3, 1, 2, 4, 100}) {
      assertThat(scores.ranked(ScoreFusion.of(w), candidates, 3))
          .isEqualTo(ranker.withFusion(ScoreFusion.of(w)).rank(request(3)).ranked());
    }
    assertThat(model.prompts.size() - before).as("one scoring call per rank()").isEqualTo(6);
  }

  @Test
  void priorsAreLogProbabilitiesAndLogRanks() {
    double[] soft = RetrieverPrior.SCORE.logPrior(candidates, candidates);
    double total = 0;
    for (double p : soft) {
      assertThat(p).isLessThan(0);
      total += Math.exp(p);
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
    assertThat(soft[0] - soft[1]).isCloseTo(1.0, within(1e-12));
    List<Candidate> shuffled = new ArrayList<>(List.of(candidates.get(3), candidates.get(0)));
    double[] rank = RetrieverPrior.RANK.logPrior(shuffled, candidates);
    assertThat(rank).containsExactly(-Math.log(4), 0.0);
  }

  @Test
  void badWeightsAndBadScoresAreRejected() {
    for (double bad : new double[] {Double.NaN, -0.1, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ScoreFusion.of(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("finite and >= 0");
    }
    List<Candidate> infinite = new ArrayList<>(candidates);
    infinite.set(2, new Candidate(candidates.get(2).item(), Double.NEGATIVE_INFINITY, "pop"));
    RankingRequest req =
        new RankingRequest(
            UserHistory.of("u", movies.subList(0, 5)), UserProfile.empty("t"), infinite, 3);
    LikelihoodRanker ranker =
        new LikelihoodRanker(
            reversed(), template, LikelihoodRanker.Normalization.SUM, ScoreFusion.of(1));
    assertThatThrownBy(() -> ranker.rank(req))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining(id(2))
        .hasMessageContaining("non-finite")
        .hasMessageContaining("RANK");
    assertThat(ranker.withFusion(new ScoreFusion(1, RetrieverPrior.RANK)).rank(req).ranked())
        .hasSize(3);
    assertThat(ranker.withFusion(ScoreFusion.none()).rank(req).ranked()).hasSize(3);
  }

  @Test
  void nameAndDescriptionSayTheWeight() {
    LikelihoodRanker plain =
        new LikelihoodRanker(reversed(), template, LikelihoodRanker.Normalization.PER_TOKEN);
    assertThat(plain.name()).startsWith("likelihood:").doesNotContain("fusion");
    LikelihoodRanker fused = plain.withFusion(ScoreFusion.of(0.5));
    assertThat(fused.name())
        .startsWith("likelihood+fusion(llm + 0.5 * log softmax(retriever score)):scripted");
    assertThat(new ScoreFusion(8, RetrieverPrior.RANK).describe())
        .isEqualTo("llm + 8 * -log(1 + retriever rank)");
    assertThat(ScoreFusion.none().describe()).isEqualTo("llm");
    assertThat(fused.fusion().weight()).isEqualTo(0.5);
  }

  private String id(int retrieverPosition) {
    return candidates.get(retrieverPosition).item().id();
  }

  private static List<String> ids(List<Candidate> cs) {
    return cs.stream().map(c -> c.item().id()).toList();
  }
}
