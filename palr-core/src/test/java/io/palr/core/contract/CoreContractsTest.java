package io.palr.core.contract;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.LlmRanker;
import io.palr.api.ProfileGenerator;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingRequest;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.testkit.CandidateRetrieverContract;
import io.palr.testkit.ListRetriever;
import io.palr.testkit.LlmRankerContract;
import io.palr.testkit.ProfileGeneratorContract;
import io.palr.testkit.PromptTemplateContract;
import io.palr.testkit.ScriptedLanguageModel;
import io.palr.testkit.TestItems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** palr-testkit's contracts on palr-core's own templates, rankers and profile generators. */
class CoreContractsTest {
  private static final List<Item> MOVIES = TestItems.movies();

  private static List<UserHistory> users() {
    return List.of(
        UserHistory.of("u1", MOVIES.subList(0, 5)),
        UserHistory.of("u2", MOVIES.subList(8, 9)),
        UserHistory.of("u3", MOVIES.subList(10, 20)));
  }

  private static List<RankingRequest> requests() {
    List<RankingRequest> out = new ArrayList<>();
    for (UserHistory h : users()) {
      List<Item> rest = new ArrayList<>(MOVIES);
      rest.removeAll(h.items());
      List<Candidate> cands = TestItems.candidates(rest.subList(0, 8));
      out.add(new RankingRequest(h, new UserProfile(List.of("crime"), "", "t"), cands, 3));
    }
    return out;
  }

  /** A scripted model that answers with the titles of the prompt's last candidates, and a stray. */
  private static ScriptedLanguageModel model() {
    return ScriptedLanguageModel.answering(
            prompt ->
                "Fargo (1996)\nTitanic (1997)\nSpeed (1994)\nSpeed (1994)\nAlien (1979)\nHeat (1995)")
        .scoring(
            continuations -> {
              double[] ll = new double[continuations.size()];
              for (int i = 0; i < ll.length; i++) {
                ll[i] = -continuations.get(i).length();
              }
              return ll;
            })
        .choosing(options -> new int[] {options.size() - 1, 0});
  }

  @Nested
  class Template extends PromptTemplateContract {
    @Override
    protected PromptTemplate createTemplate() {
      return PalrPromptTemplate.of(Domain.MOVIES);
    }
  }

  @Nested
  class BudgetedProductTemplate extends PromptTemplateContract {
    @Override
    protected PromptTemplate createTemplate() {
      return PalrPromptTemplate.builder(Domain.PRODUCTS)
          .tokenCounter(s -> s.length() / 4 + 1)
          .maxPromptTokens(400)
          .build();
    }
  }

  @Nested
  class Retriever extends CandidateRetrieverContract {
    @Override
    protected io.palr.api.CandidateRetriever createRetriever() {
      return new ListRetriever(MOVIES);
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return users();
    }
  }

  @Nested
  class Generative extends LlmRankerContract {
    @Override
    protected LlmRanker createRanker() {
      return RankerKind.GENERATIVE.create(model(), PalrPromptTemplate.of(Domain.MOVIES));
    }

    @Override
    protected List<RankingRequest> sampleRequests() {
      return requests();
    }
  }

  @Nested
  class Likelihood extends LlmRankerContract {
    @Override
    protected LlmRanker createRanker() {
      return RankerKind.LIKELIHOOD.create(model(), PalrPromptTemplate.of(Domain.MOVIES));
    }

    @Override
    protected List<RankingRequest> sampleRequests() {
      return requests();
    }
  }

  @Nested
  class Constrained extends LlmRankerContract {
    @Override
    protected LlmRanker createRanker() {
      return RankerKind.CONSTRAINED.create(model(), PalrPromptTemplate.of(Domain.MOVIES));
    }

    @Override
    protected List<RankingRequest> sampleRequests() {
      return requests();
    }
  }

  @Nested
  class Attributes extends ProfileGeneratorContract {
    @Override
    protected ProfileGenerator createGenerator() {
      return new AttributeProfileGenerator();
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return users();
    }
  }

  @Nested
  class Llm extends ProfileGeneratorContract {
    @Override
    protected ProfileGenerator createGenerator() {
      return LlmProfileGenerator.builder(
              ScriptedLanguageModel.answering("crime films, 1990s, , heist"),
              PalrPromptTemplate.of(Domain.MOVIES))
          .build();
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return users();
    }
  }
}
