package io.palr.core.instruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.PromptTask;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionDataGeneratorTest {
  private static final InteractionDataset DATA =
      SyntheticDataset.generate(SyntheticDataset.Config.small());
  private static final LeaveOneOutSplit SPLIT = LeaveOneOutSplit.of(DATA);
  private final PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);

  @Test
  void examplesNeverDependOnValidationOrTestItems() {
    // same training prefixes, different validation and test items: the examples must be identical
    Catalog catalog = DATA.catalog();
    List<int[]> seqs = new ArrayList<>();
    for (int u = 0; u < DATA.numUsers(); u++) {
      int[] s = DATA.sequence(u);
      if (s.length >= LeaveOneOutSplit.MIN_LENGTH) {
        Set<Integer> used = Arrays.stream(s).boxed().collect(Collectors.toSet());
        int replaced = 0;
        for (int i = 0; i < catalog.size() && replaced < 2; i++) {
          int cand = (s[s.length - 1] + 7 + i * 13) % catalog.size();
          if (!used.contains(cand)) {
            s[s.length - 1 - replaced] = cand;
            used.add(cand);
            replaced++;
          }
        }
      }
      seqs.add(s);
    }
    LeaveOneOutSplit other =
        LeaveOneOutSplit.of(InteractionDataset.of("other", catalog, DATA.userIds(), seqs, null));
    assertThat(other.testItem(0)).isNotEqualTo(SPLIT.testItem(0));
    List<InstructionExample> a =
        InstructionDataGenerator.builder(SPLIT, template).build().generate();
    List<InstructionExample> b =
        InstructionDataGenerator.builder(other, template).build().generate();
    assertThat(a).isNotEmpty().isEqualTo(b);
  }

  @Test
  void labelsComeFromTrainingItemsAndCandidatesHoldTargetsPlusUnseenNegatives() {
    List<InstructionExample> examples =
        InstructionDataGenerator.builder(SPLIT, template)
            .minTargets(1)
            .swapProbability(0)
            .build()
            .generate();
    Map<String, Integer> userIndex = userIndex();
    for (InstructionExample ex : examples) {
      int u = userIndex.get(ex.userId());
      List<String> train = ids(SPLIT.train(u));
      assertThat(ex.targetItemIds()).isNotEmpty().hasSizeLessThanOrEqualTo(20);
      // without swaps or enrichment the label is the end of the training sequence
      assertThat(train.subList(train.size() - ex.targetItemIds().size(), train.size()))
          .isEqualTo(ex.targetItemIds());
      if (ex.task() == PromptTask.RECOMMEND_RETRIEVAL) {
        assertThat(ex.candidateItemIds()).containsAll(ex.targetItemIds()).doesNotHaveDuplicates();
        List<String> negatives = new ArrayList<>(ex.candidateItemIds());
        negatives.removeAll(ex.targetItemIds());
        assertThat(negatives).hasSizeGreaterThanOrEqualTo(5).doesNotContainAnyElementsOf(train);
        assertThat(ex.prompt()).contains("Candidates:");
      } else {
        assertThat(ex.candidateItemIds()).isEmpty();
        assertThat(ex.prompt()).doesNotContain("Candidates:");
      }
      assertThat(ex.prompt()).isEqualTo(PalrPromptTemplate.compose(ex.instruction(), ex.input()));
      assertThat(ex.response().split("\n")).hasSize(ex.targetItemIds().size());
    }
  }

  @Test
  void shortLabelsAreEnrichedWithAffinityItemsOutsideTheHistory() {
    List<InstructionExample> examples =
        InstructionDataGenerator.builder(SPLIT, template)
            .maxTargets(1)
            .minTargets(4)
            .tasks(EnumSet.of(PromptTask.RECOMMEND))
            .build()
            .generate();
    Map<String, Integer> userIndex = userIndex();
    int enriched = 0;
    for (InstructionExample ex : examples) {
      List<String> train = ids(SPLIT.train(userIndex.get(ex.userId())));
      assertThat(ex.targetItemIds()).hasSizeBetween(1, 4);
      assertThat(train).contains(ex.targetItemIds().get(0));
      assertThat(ex.targetItemIds().subList(1, ex.targetItemIds().size()))
          .doesNotContainAnyElementsOf(train);
      enriched += ex.targetItemIds().size() > 1 ? 1 : 0;
    }
    assertThat(enriched).isGreaterThan(examples.size() / 2);
  }

  @Test
  void sampledAndDeterministic() {
    InstructionDataGenerator g = InstructionDataGenerator.builder(SPLIT, template).build();
    assertThat(g.sampledUsers()).hasSize((int) Math.round(0.2 * SPLIT.numUsers()));
    List<InstructionExample> first = g.generate();
    assertThat(first).hasSize(2 * g.sampledUsers().size());
    assertThat(InstructionDataGenerator.builder(SPLIT, template).build().generate())
        .isEqualTo(first);
    assertThat(InstructionDataGenerator.builder(SPLIT, template).seed(1).build().generate())
        .isNotEqualTo(first);
    List<InstructionExample> swapped =
        InstructionDataGenerator.builder(SPLIT, template).swapProbability(1).build().generate();
    assertThat(swapped).isNotEqualTo(first);
    assertThatThrownBy(() -> InstructionDataGenerator.builder(SPLIT, template).userSampleRate(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exportsAlpacaAndChatJsonl(@TempDir Path dir) throws Exception {
    List<InstructionExample> examples =
        InstructionDataGenerator.builder(SPLIT, template).userSampleRate(0.05).build().generate();
    Path alpaca = dir.resolve("train.alpaca.jsonl");
    Path chat = dir.resolve("out/train.chat.jsonl");
    InstructionDataWriter.write(examples, alpaca, InstructionDataWriter.Format.ALPACA);
    InstructionDataWriter.write(examples, chat, InstructionDataWriter.Format.CHAT);
    List<InstructionDataReader.PromptResponse> back = InstructionDataReader.readAlpaca(alpaca);
    assertThat(back).hasSize(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      assertThat(back.get(i).prompt()).isEqualTo(examples.get(i).prompt());
      assertThat(back.get(i).response()).isEqualTo(examples.get(i).response());
    }
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(chat);
    assertThat(lines).hasSize(examples.size());
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("messages").get(0).get("role").asText()).isEqualTo("user");
    assertThat(first.get("messages").get(1).get("content").asText())
        .isEqualTo(examples.get(0).response());
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, lines.get(0).replace("messages", "x") + "\n{\"instruction\": 1}\n");
    assertThatThrownBy(() -> InstructionDataReader.readAlpaca(bad))
        .isInstanceOf(InstructionDataReader.InstructionDataFormatException.class)
        .hasMessageContaining("bad.jsonl:1")
        .hasMessageContaining("instruction");
  }

  private static Map<String, Integer> userIndex() {
    Map<String, Integer> m = new java.util.HashMap<>();
    for (int u = 0; u < SPLIT.numUsers(); u++) {
      m.put(SPLIT.userId(u), u);
    }
    return m;
  }

  private static List<String> ids(int[] seq) {
    Function<Integer, String> id = i -> SPLIT.catalog().item(i).id();
    return Arrays.stream(seq).boxed().map(id).toList();
  }
}
