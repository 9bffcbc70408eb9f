package io.palr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.LlmRanker;
import io.palr.api.Prompt;
import io.palr.api.PromptContext;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The contracts fail for implementations that break them, naming what is wrong. */
class ContractsCatchViolationsTest {
  private static final List<Item> MOVIES = TestItems.movies();

  private static Events run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(contract))
        .execute()
        .testEvents();
  }

  private static List<String> failures(Events events) {
    return events.failed().stream()
        .map(
            e ->
                e.getTestDescriptor().getDisplayName()
                    + ": "
                    + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
        .collect(Collectors.toList());
  }

  /** Returns the history and repeats items, ignores k. */
  static final class SloppyRetriever extends CandidateRetrieverContract {
    @Override
    protected CandidateRetriever createRetriever() {
      return new CandidateRetriever() {
        @Override
        public String name() {
          return "sloppy";
        }

        @Override
        public List<Candidate> retrieve(UserHistory history, int k) {
          List<Item> out = new ArrayList<>(history.items());
          out.addAll(MOVIES.subList(0, 3));
          out.addAll(MOVIES.subList(0, 3));
          return TestItems.candidates(out);
        }
      };
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return List.of(UserHistory.of("u", MOVIES.subList(5, 8)));
    }
  }

  /** Ranks an item that was not a candidate. */
  static final class InventingRanker extends LlmRankerContract {
    @Override
    protected LlmRanker createRanker() {
      return new LlmRanker() {
        @Override
        public String name() {
          return "inventing";
        }

        @Override
        public RankingResult rank(RankingRequest request) {
          return new RankingResult(TestItems.candidates(MOVIES.subList(19, 20)), "", 0, 0);
        }
      };
    }

    @Override
    protected List<RankingRequest> sampleRequests() {
      return List.of(
          new RankingRequest(
              UserHistory.of("u", MOVIES.subList(0, 2)),
              UserProfile.empty("t"),
              TestItems.candidates(MOVIES.subList(2, 6)),
              2));
    }
  }

  /** Writes titles raw, so a title can inject lines and a section marker. */
  static final class RawTemplate extends PromptTemplateContract {
    @Override
    protected PromptTemplate createTemplate() {
      return new PromptTemplate() {
        @Override
        public String name() {
          return "raw";
        }

        @Override
        public Prompt render(PromptContext context) {
          StringBuilder sb = new StringBuilder("Pick " + context.k() + ":\n");
          List<Prompt.RenderedCandidate> rc = new ArrayList<>();
          for (Item it : context.history().items()) {
            sb.append("seen: ").append(it.title()).append('\n');
          }
          for (Candidate c : context.candidates()) {
            sb.append("- ").append(c.item().title()).append('\n');
            rc.add(new Prompt.RenderedCandidate(c, c.item().title()));
          }
          return new Prompt(sb.toString(), rc);
        }

        @Override
        public String renderItem(Item item) {
          return item.title();
        }
      };
    }
  }

  @Test
  void retrieverContractCatchesDuplicatesHistoryItemsAndOverlongLists() {
    List<String> failed = failures(run(SloppyRetriever.class));
    assertThat(String.join("\n", failed))
        .contains("returned 9 > k=1")
        .contains("is in the history of u")
        .contains("retrieve(h, 0)");
  }

  @Test
  void rankerContractCatchesItemsOutsideTheCandidates() {
    assertThat(String.join("\n", failures(run(InventingRanker.class))))
        .contains("ranked m20, not a candidate");
  }

  @Test
  void templateContractCatchesTitlesThatBreakTheStructure() {
    String failed = String.join("\n", failures(run(RawTemplate.class)));
    assertThat(failed)
        .contains("renderItem(x1) is blank")
        .contains("changed the number of prompt lines");
  }
}
