package io.palr.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.LlmRanker;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.testkit.ScriptedLanguageModel;
import io.palr.testkit.TestItems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankersTest {
  private final List<Item> movies = TestItems.movies();
  private final List<Candidate> candidates = TestItems.candidates(movies.subList(5, 15));
  private final RankingRequest request =
      new RankingRequest(
          UserHistory.of("u", movies.subList(0, 5)),
          new UserProfile(List.of("sci-fi"), "", "t"),
          candidates,
          3);
  private final PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);

  @Test
  void generativeRankerParsesTitlesAndCountsHallucinations() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.answering("1. Fargo\n2. Titanic (1997)\n3. alien\n4. Heat");
    RankingResult r = RankerKind.GENERATIVE.create(model, template).rank(request);
    assertThat(ids(r.ranked())).containsExactly("m9", "m6");
    assertThat(r.hallucinations())
        .isEqualTo(2); // Titanic and Heat (a history item, not a candidate)
    assertThat(r.rawOutput()).startsWith("1. Fargo");
    assertThat(model.prompts.get(0)).contains("Candidates:\n- ").endsWith("### Response:\n");
  }

  @Test
  void generativeRankerCapsAtKAndWrapsModelFailures() {
    String all = String.join("\n", candidates.stream().map(c -> c.item().title()).toList());
    assertThat(
            RankerKind.GENERATIVE
                .create(ScriptedLanguageModel.answering(all), template)
                .rank(request)
                .ranked())
        .hasSize(3);
    LlmRanker failing =
        RankerKind.GENERATIVE.create(
            ScriptedLanguageModel.throwing(new IllegalStateException("CUDA out of memory")),
            template);
    assertThatThrownBy(() -> failing.rank(request))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining("scripted")
        .hasMessageContaining("CUDA out of memory");
  }

  @Test
  void productPromptsMatchIds() {
    List<Candidate> products =
        TestItems.candidates(List.of(Item.of("B001", "Lip Balm"), Item.of("B002", "Soap")));
    RankingRequest req =
        new RankingRequest(
            UserHistory.of("u", List.of(Item.of("B000", "Shampoo"))),
            UserProfile.empty("t"),
            products,
            2);
    RankingResult r =
        RankerKind.GENERATIVE
            .create(
                ScriptedLanguageModel.answering("B002\nB001 (Lip Balm)"),
                PalrPromptTemplate.of(Domain.PRODUCTS))
            .rank(req);
    assertThat(ids(r.ranked())).containsExactly("B002", "B001");
  }

  @Test
  void constrainedRankerNeedsTheCapabilityAndValidatesIndices() {
    assertThatThrownBy(
            () -> RankerKind.CONSTRAINED.create(ScriptedLanguageModel.answering(""), template))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("CONSTRAINED_CHOICE")
        .hasMessageContaining("scripted")
        .hasMessageContaining("GENERATIVE");
    List<List<String>> seen = new ArrayList<>();
    ScriptedLanguageModel model =
        ScriptedLanguageModel.answering("")
            .choosing(
                opts -> {
                  seen.add(opts);
                  return new int[] {
                    opts.indexOf("Fargo (1996)"),
                    opts.indexOf("Alien (1979)"),
                    opts.indexOf("Fargo (1996)")
                  };
                });
    RankingResult r = RankerKind.CONSTRAINED.create(model, template).rank(request);
    assertThat(ids(r.ranked())).containsExactly("m9", "m6");
    assertThat(r.hallucinations()).isZero();
    assertThat(seen.get(0)).hasSize(10);
    LlmRanker bad =
        RankerKind.CONSTRAINED.create(
            ScriptedLanguageModel.answering("").choosing(opts -> new int[] {opts.size()}),
            template);
    assertThatThrownBy(() -> bad.rank(request))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining("option 10");
  }

  @Test
  void likelihoodRankerOrdersByPerTokenScore() {
    // "Apollo 13 (1995)" = 3 words; total -3 => -1 per token, the best; "Babe (1995)" -1.5 per
    // token
    ScriptedLanguageModel model =
        ScriptedLanguageModel.answering("")
            .scoring(
                opts ->
                    opts.stream()
                        .mapToDouble(
                            o -> o.startsWith("Apollo") ? -3 : o.startsWith("Babe") ? -3 : -100)
                        .toArray());
    RankingResult r = RankerKind.LIKELIHOOD.create(model, template).rank(request);
    assertThat(ids(r.ranked()).subList(0, 2)).containsExactly("m13", "m10");
    assertThat(r.ranked()).hasSize(3);
    assertThatThrownBy(
            () -> RankerKind.LIKELIHOOD.create(ScriptedLanguageModel.answering(""), template))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("CONTINUATION_SCORING");
    LlmRanker nan =
        RankerKind.LIKELIHOOD.create(
            ScriptedLanguageModel.answering("")
                .scoring(opts -> opts.stream().mapToDouble(o -> Double.NaN).toArray()),
            template);
    assertThatThrownBy(() -> nan.rank(request))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining("NaN");
    LlmRanker shortScores =
        RankerKind.LIKELIHOOD.create(
            ScriptedLanguageModel.answering("").scoring(opts -> new double[1]), template);
    assertThatThrownBy(() -> shortScores.rank(request))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining("1 scores for 10 candidates");
  }

  @Test
  void tinyContextReducesCandidatesAndSaysSo() {
    ScriptedLanguageModel probe = ScriptedLanguageModel.answering("");
    int fourCandidates =
        probe.countTokens(
            template
                .render(
                    new io.palr.api.PromptContext(
                        io.palr.api.PromptTask.RECOMMEND_RETRIEVAL,
                        UserHistory.of("u", List.of()),
                        request.profile(),
                        candidates.subList(0, 4),
                        3))
                .text());
    ScriptedLanguageModel model =
        ScriptedLanguageModel.answering("Fargo").contextLength(fourCandidates + 20);
    PalrPromptTemplate budgeted =
        PalrPromptTemplate.builder(Domain.MOVIES).budgetFor(model, 20).build();
    RankingResult r = RankerKind.GENERATIVE.create(model, budgeted).rank(request);
    assertThat(r.detail()).contains("candidates reduced from 10 to 4");
    assertThat(model.countTokens(model.prompts.get(0))).isLessThanOrEqualTo(fourCandidates);
    ScriptedLanguageModel tiny = ScriptedLanguageModel.answering("Fargo").contextLength(40);
    LlmRanker impossible =
        RankerKind.GENERATIVE.create(
            tiny, PalrPromptTemplate.builder(Domain.MOVIES).budgetFor(tiny, 10).build());
    assertThatThrownBy(() -> impossible.rank(request))
        .isInstanceOf(RankingException.class)
        .hasMessageContaining("too small");
  }

  private static List<String> ids(List<Candidate> cs) {
    return cs.stream().map(c -> c.item().id()).toList();
  }
}
