package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.llm.SharedModels;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few steps of LoRA and full fine-tuning on the real pretrained stories260K (SentencePiece
 * tok512).
 */
class Stories260kFineTuneTest {
  @TempDir Path tmp;

  static final List<SftExample> DATA =
      List.of(
          new SftExample("Once upon a time, Lily had a red ball.", " The ball was red."),
          new SftExample("Tom saw a big dog in the park.", " The dog was big."),
          new SftExample("Sam had a blue hat. He liked it.", " The hat was blue."),
          new SftExample("Mia found a small cat under the tree.", " The cat was small."));

  @Test
  void loraFewStepsLowersLossAndReloads() throws Exception {
    Path hf = SharedModels.file("stories260K-hf");
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .lora(4, 8)
            .targetModules("q_proj", "v_proj", "down_proj")
            .learningRate(2e-2)
            .batchSize(4)
            .maxSteps(15)
            .baseModel(hf.toString())
            .build();
    Path out = tmp.resolve("lora");
    float[] trained;
    int[][] probe;
    try (LlamaModel model = LlamaModels.load(hf, SftTrainer.loadOptions(FineTuneMethod.LORA))) {
      Tokenizer tok = Tokenizers.load(LlamaModels.defaultTokenizer(hf));
      probe = new int[][] {tok.encode(DATA.get(0).prompt() + DATA.get(0).response(), true)};
      FineTuneResult r;
      try (SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
        r = trainer.train(DATA, DATA.subList(0, 2), out);
      }
      System.out.println("stories260K LoRA: " + r);
      assertThat(r.finalTrainLoss()).isLessThan(0.8 * r.initialTrainLoss());
      assertThat(r.finalEvalLoss()).isLessThan(r.initialEvalLoss());
      trained = Fixtures.logits(model, probe);
    }
    try (LlamaModel reloaded =
        LlamaModels.load(hf, LoadOptions.defaults().withAdapter(out, false))) {
      assertThat(Fixtures.maxDiff(Fixtures.logits(reloaded, probe), trained)).isLessThan(1e-4);
    }
  }

  @Test
  void fullFewStepsSavesALoadableFolderWithTheTokenizer() throws Exception {
    Path hf = SharedModels.file("stories260K-hf");
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .full()
            .learningRate(2e-3)
            .batchSize(4)
            .maxSteps(10)
            .baseModel(hf.toString())
            .build();
    Path out = tmp.resolve("full");
    FineTuneResult r;
    try (LlamaModel model = LlamaModels.load(hf, SftTrainer.loadOptions(FineTuneMethod.FULL))) {
      Tokenizer tok = Tokenizers.load(LlamaModels.defaultTokenizer(hf));
      try (SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
        r = trainer.train(DATA, List.of(), out);
      }
    }
    System.out.println("stories260K full: " + r);
    assertThat(r.finalTrainLoss()).isLessThan(r.initialTrainLoss());
    assertThat(out.resolve("tokenizer.model")).exists();
    try (LlamaModel reloaded = LlamaModels.load(out, LoadOptions.defaults())) {
      assertThat(reloaded.config()).isEqualTo(LlamaModels.readConfig(hf));
    }
  }

  @Test
  void fullFineTuningRefusesReadOnlyMappedWeights() throws Exception {
    Path hf = SharedModels.file("stories260K-hf");
    try (LlamaModel model = LlamaModels.load(hf, LoadOptions.defaults())) {
      Tokenizer tok = Tokenizers.load(LlamaModels.defaultTokenizer(hf));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new SftTrainer(model, tok, FineTuneConfig.builder().full().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("writable");
    }
  }
}
