package io.palr.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.LikelihoodRanker;
import io.palr.core.rank.RetrieverPrior;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.eval.protocol.EvaluationMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Fusion-weight tuning on validation users, with a scripted LLM and a scripted retriever. */
class FusionTuningTest {
  private static final List<Double> GRID = List.of(0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0);
  private final LeaveOneOutSplit split =
      LeaveOneOutSplit.of(
          SyntheticDataset.generate(new SyntheticDataset.Config(40, 30, 6, 12, 0.5, 0.5, 7)));
  private final PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);
  private final int[] users = java.util.stream.IntStream.range(0, 30).toArray();
  private final Set<Integer> validationItems = new HashSet<>();
  private final Set<Integer> testItems = new HashSet<>();

  FusionTuningTest() {
    for (int u = 0; u < split.numUsers(); u++) {
      validationItems.add(split.validationItem(u));
      testItems.add(split.testItem(u));
    }
  }

  @Test
  void aUselessLlmGetsTheRetrieversOrderAndAPerfectOneGetsWeightZero() {
    // the retriever puts the validation item first; the LLM's scores are noise in [-1, 0)
    ScriptedRetriever first = new ScriptedRetriever(0);
    FusionTuning noisy =
        FusionTuning.tune(
            split,
            first,
            ranker(item -> -((item.id().hashCode() & 1023) / 1024.0)),
            new AttributeProfileGenerator(),
            GRID,
            RetrieverPrior.SCORE,
            users,
            8,
            3);
    assertThat(noisy.retrieverNdcg()).isEqualTo(1.0);
    assertThat(noisy.ndcgByWeight().get(0.0)).isLessThan(0.9);
    assertThat(noisy.ndcgByWeight().get(noisy.chosen().weight())).isEqualTo(1.0);
    assertThat(noisy.chosen().weight())
        .isGreaterThan(0)
        .isLessThanOrEqualTo(1.0); // score gaps are 1 > the noise
    assertThat(noisy.users()).isEqualTo(30);
    assertThat(noisy.failures()).isZero();

    // the retriever puts the validation item 6th (outside the top 3); the LLM knows it
    ScriptedRetriever sixth = new ScriptedRetriever(5);
    FusionTuning perfect =
        FusionTuning.tune(
            split,
            sixth,
            ranker(item -> isValidationItem(item) ? 0 : -3),
            new AttributeProfileGenerator(),
            GRID,
            RetrieverPrior.SCORE,
            users,
            8,
            3);
    assertThat(perfect.retrieverHr()).isZero();
    assertThat(perfect.chosen().weight()).isZero();
    assertThat(perfect.ndcgByWeight().get(0.0)).isEqualTo(1.0);
    assertThat(perfect.ndcgByWeight().get(8.0)).isZero();
    assertThat(perfect.describe(3)).contains("lambda = 0", "retriever order -> HR@3 0.0000");
    for (ScriptedRetriever r : List.of(first, sixth)) {
      assertThat(r.historyLengths)
          .as("only validation histories (training items)")
          .allMatch(l -> l.ok);
    }
  }

  @Test
  void chanceLevelIsRecallTimesKOverN() {
    CandidateRecall r =
        CandidateRecall.measure(
            split, EvaluationMode.TEST, new ScriptedRetriever(2, true), users, 8, 3);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.chanceHr()).isEqualTo(3.0 / 8);
    assertThat(r.chanceNdcg()).isBetween(0.0, r.chanceHr());
    assertThatThrownBy(
            () ->
                FusionTuning.tune(
                    split,
                    new ScriptedRetriever(0),
                    ranker(i -> 0),
                    new AttributeProfileGenerator(),
                    List.of(),
                    RetrieverPrior.SCORE,
                    users,
                    8,
                    3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  private boolean isValidationItem(Item item) {
    for (int v : validationItems) {
      if (split.catalog().item(v).id().equals(item.id())) {
        return true;
      }
    }
    return false;
  }

  private LikelihoodRanker ranker(ToDoubleFunction<Item> score) {
    Map<String, Double> byRendering = new HashMap<>();
    for (Item it : split.catalog().items()) {
      byRendering.put(template.renderer().render(it), score.applyAsDouble(it));
    }
    return new LikelihoodRanker(
        new ScoringModel(byRendering), template, LikelihoodRanker.Normalization.SUM);
  }

  /**
   * Candidates: the user's target at a fixed position, the rest items that are no user's
   * validation/test item.
   */
  private final class ScriptedRetriever implements CandidateRetriever {
    record Seen(boolean ok) {}

    final List<Seen> historyLengths = new ArrayList<>();
    private final int targetPosition;
    private final boolean test;

    ScriptedRetriever(int targetPosition) {
      this(targetPosition, false);
    }

    ScriptedRetriever(int targetPosition, boolean test) {
      this.targetPosition = targetPosition;
      this.test = test;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public synchronized List<Candidate> retrieve(UserHistory history, int k) {
      int u = userIndex(history.userId());
      EvaluationMode mode = test ? EvaluationMode.TEST : EvaluationMode.VALIDATION;
      historyLengths.add(new Seen(history.size() == mode.history(split, u).length));
      int target = mode.target(split, u);
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < split.catalog().size() && others.size() < k - 1; i++) {
        if (!validationItems.contains(i) && !testItems.contains(i)) {
          others.add(i);
        }
      }
      others.add(targetPosition, target);
      List<Candidate> out = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        out.add(new Candidate(split.catalog().item(others.get(i)), k - i, "scripted"));
      }
      return out;
    }

    private int userIndex(String id) {
      for (int u = 0; u < split.numUsers(); u++) {
        if (split.userId(u).equals(id)) {
          return u;
        }
      }
      throw new AssertionError(id);
    }
  }

  /** A model that only scores continuations, from a fixed table. */
  private record ScoringModel(Map<String, Double> byRendering) implements LanguageModel {
    @Override
    public String name() {
      return "table";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.CONTINUATION_SCORING);
    }

    @Override
    public int contextLength() {
      return 1 << 20;
    }

    @Override
    public int countTokens(String text) {
      return text.split("\\s+").length;
    }

    @Override
    public List<String> generate(List<String> prompts, GenerationOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int[] chooseConstrained(
        String prompt, List<String> options, int count, String separator) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double[] scoreContinuations(String prompt, List<String> continuations) {
      return continuations.stream().mapToDouble(c -> byRendering.getOrDefault(c, -100.0)).toArray();
    }

    @Override
    public void close() {}
  }
}
