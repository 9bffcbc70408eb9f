package io.palr.core.instruct;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.PromptTask;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.UserHistory;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.data.Catalog;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.testkit.ScriptedLanguageModel;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning prompt must be exactly what the ranker sends at inference time: a ranker given
 * the same history, profile and candidates sends {@link InstructionExample#prompt()} byte for byte,
 * and the example's response parses back to its targets.
 */
class InstructionPromptsMatchInferenceTest {
  @Test
  void rankerSendsTheTrainingPromptAndParsesTheTrainingResponse() {
    LeaveOneOutSplit split =
        LeaveOneOutSplit.of(SyntheticDataset.generate(SyntheticDataset.Config.small()));
    Catalog catalog = split.catalog();
    Map<String, Item> byId =
        catalog.items().stream().collect(Collectors.toMap(Item::id, Function.identity()));
    // candidate order is decided by the generator's seeded shuffle; the template shows them as
    // given
    PalrPromptTemplate template =
        PalrPromptTemplate.builder(Domain.MOVIES).keepCandidateOrder().build();
    List<InstructionExample> examples =
        InstructionDataGenerator.builder(split, template)
            .tasks(EnumSet.of(PromptTask.RECOMMEND_RETRIEVAL))
            .userSampleRate(0.1)
            .build()
            .generate();
    assertThat(examples).isNotEmpty();
    Map<String, String> answers =
        examples.stream()
            .collect(
                Collectors.toMap(
                    InstructionExample::prompt, InstructionExample::response, (a, b) -> a));
    ScriptedLanguageModel model =
        ScriptedLanguageModel.answering(p -> answers.getOrDefault(p, "NO SUCH PROMPT"));
    AttributeProfileGenerator profiles = new AttributeProfileGenerator();
    for (InstructionExample ex : examples) {
      UserHistory history =
          UserHistory.of(ex.userId(), ex.historyItemIds().stream().map(byId::get).toList());
      List<Candidate> candidates =
          ex.candidateItemIds().stream().map(id -> new Candidate(byId.get(id), 0, "t")).toList();
      RankingResult r =
          RankerKind.GENERATIVE
              .create(model, template)
              .rank(
                  new RankingRequest(
                      history, profiles.profile(history), candidates, ex.targetItemIds().size()));
      assertThat(model.prompts.get(model.prompts.size() - 1)).isEqualTo(ex.prompt());
      assertThat(r.ranked().stream().map(c -> c.item().id()).toList())
          .isEqualTo(ex.targetItemIds());
      assertThat(r.hallucinations() + r.parseFailures()).isZero();
    }
  }
}
