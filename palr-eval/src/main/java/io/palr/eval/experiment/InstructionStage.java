package io.palr.eval.experiment;

import io.palr.api.PromptTask;
import io.palr.core.instruct.InstructionDataGenerator;
import io.palr.core.instruct.InstructionDataWriter;
import io.palr.core.instruct.InstructionExample;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.LeaveOneOutSplit;
import io.palr.llm.finetune.FineTuneMethod;
import io.palr.llm.finetune.SftExample;
import io.palr.llm.finetune.SftTrainer;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Stage 3: the tokenizer (trained on the run's texts for a model from scratch, or the pretrained
 * model's), the budgeted prompt template and the instruction data, from the training items only.
 */
final class InstructionStage {
  private static final double HELD_OUT_RATE = 0.05;

  private InstructionStage() {}

  /**
   * What fine-tuning needs.
   *
   * @param tokenizer the tokenizer
   * @param pretrained the loaded pretrained model, or null for a model from scratch
   * @param context the model's context length
   * @param train training examples
   * @param heldOut held-out examples (5% of the users)
   */
  record Prepared(
      Tokenizer tokenizer,
      LlamaModel pretrained,
      int context,
      List<SftExample> train,
      List<SftExample> heldOut) {}

  static Prepared run(ExperimentRun run) throws IOException {
    ExperimentConfig config = run.config;
    LeaveOneOutSplit split = run.trainingSplit;
    ExperimentRun.Stage st = run.stage("instruction data");
    Tokenizer tokenizer;
    LlamaModel base = null;
    int context;
    try {
      if (config.llm().isScratch()) {
        PalrPromptTemplate unbudgeted = run.template(null, Integer.MAX_VALUE);
        List<String> texts = new ArrayList<>();
        for (InstructionExample ex : instructions(config, split, unbudgeted, run.profiles)) {
          texts.add(ex.prompt());
          texts.add(ex.response());
        }
        // the vocabulary knows the catalogue, but not the items held out of training
        for (int i = 0; i < split.numItems(); i++) {
          if (!split.isHeldOutOfTraining(i)) {
            texts.add(unbudgeted.renderer().render(split.catalog().item(i)));
          }
        }
        tokenizer = WordLevelTokenizer.train(texts, 1);
        context = config.scratchContext();
      } else {
        Path folder = config.llm().pretrained().orElseThrow();
        tokenizer = Tokenizers.load(LlamaModels.defaultTokenizer(folder));
        LoadOptions load = SftTrainer.loadOptions(FineTuneMethod.FULL);
        if (config.pretrainedContext() > 0) {
          load = load.withMaxPositions(config.pretrainedContext());
          run.notes.add(
              "Pretrained context extended to "
                  + config.pretrainedContext()
                  + " positions (RoPE; the model is fine-tuned at that length): the Alpaca instruction alone takes about"
                  + " 300 of its tokens");
        }
        base = LlamaModels.load(folder, load);
        context = base.config().maxPositions();
      }
      Tokenizer tok = tokenizer;
      PalrPromptTemplate template =
          run.template(text -> tok.encode(text, true).length, context - config.responseReserve());
      List<InstructionExample> examples = instructions(config, split, template, run.profiles);
      InstructionDataWriter.write(
          examples, run.out.resolve("instructions.jsonl"), InstructionDataWriter.Format.ALPACA);
      List<SftExample> train = new ArrayList<>();
      List<SftExample> heldOut = new ArrayList<>();
      Random rnd = new Random(config.seed());
      Map<String, Boolean> heldOutUser = new LinkedHashMap<>();
      for (InstructionExample ex : examples) {
        boolean held =
            heldOutUser.computeIfAbsent(ex.userId(), u -> rnd.nextDouble() < HELD_OUT_RATE);
        (held ? heldOut : train).add(new SftExample(ex.prompt(), ex.response()));
      }
      run.notes.add("Leakage check: " + leakage(split, examples));
      long v1 = examples.stream().filter(e -> e.task() == PromptTask.RECOMMEND).count();
      String summary =
          String.format(
              Locale.ROOT,
              "%d examples (%d Recommend, %d Recommend_Retrieval) from %d users; %d train, %d held out; vocabulary %d,"
                  + " context %d, prompt budget %d tokens",
              examples.size(),
              v1,
              examples.size() - v1,
              heldOutUser.size(),
              train.size(),
              heldOut.size(),
              tokenizer.vocabSize(),
              context,
              template.maxPromptTokens());
      st.done(summary);
      run.notes.add("Instruction data: " + summary);
      return new Prepared(tokenizer, base, context, train, heldOut);
    } catch (IOException | RuntimeException e) {
      if (base != null) {
        base.close();
      }
      throw e;
    }
  }

  /** The Recommend and Recommend_Retrieval examples of the run's settings. */
  static List<InstructionExample> instructions(
      ExperimentConfig config,
      LeaveOneOutSplit split,
      PalrPromptTemplate template,
      AttributeProfileGenerator profiles) {
    return InstructionDataGenerator.builder(split, template)
        .tasks(EnumSet.of(PromptTask.RECOMMEND, PromptTask.RECOMMEND_RETRIEVAL))
        .maxTargets(config.maxTargets())
        .minTargets(1)
        .numCandidates(config.numCandidates())
        .userSampleRate(config.instructionUserRate())
        .seed(config.seed())
        .profileGenerator(profiles)
        .build()
        .generate();
  }

  /**
   * How often an instruction example of user {@code u} mentions {@code u}'s own validation or test
   * item (one that is not also among {@code u}'s training items).
   *
   * @param inHistoryOrLabel in the prompt's history or in the answer: this would be leakage (must
   *     be 0)
   * @param asNegative among a Recommend_Retrieval example's non-label candidates: a hard negative
   *     drawn from other users' co-occurrences without looking at {@code u}'s held-out items; it
   *     cannot reveal the target (it teaches the model <em>not</em> to pick it), but it is counted
   *     and reported
   */
  record LeakageCount(long inHistoryOrLabel, long asNegative) {
    @Override
    public String toString() {
      return inHistoryOrLabel
          + " examples show a user's own validation/test item in the history or answer, "
          + asNegative
          + " as a non-label candidate (a hard negative)";
    }
  }

  /**
   * Counts the user's own held-out items in the instruction examples (see {@link LeakageCount}).
   */
  static LeakageCount leakage(LeaveOneOutSplit split, List<InstructionExample> examples) {
    Map<String, Integer> userIndex = new HashMap<>();
    for (int u = 0; u < split.numUsers(); u++) {
      userIndex.put(split.userId(u), u);
    }
    long positives = 0;
    long negatives = 0;
    for (InstructionExample ex : examples) {
      int u = userIndex.get(ex.userId());
      Set<String> held = new HashSet<>();
      held.add(split.catalog().item(split.validationItem(u)).id());
      held.add(split.catalog().item(split.testItem(u)).id());
      for (int i : split.train(u)) {
        held.remove(split.catalog().item(i).id());
      }
      if (ex.historyItemIds().stream().anyMatch(held::contains)
          || ex.targetItemIds().stream().anyMatch(held::contains)) {
        positives++;
      }
      if (ex.candidateItemIds().stream()
          .anyMatch(id -> held.contains(id) && !ex.targetItemIds().contains(id))) {
        negatives++;
      }
    }
    return new LeakageCount(positives, negatives);
  }
}
