package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStep;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end LoRA and full fine-tuning on a tiny model and a synthetic next-letter task. */
class SftTrainerTest {
  @TempDir Path tmp;

  static final int[][] PROBE = {{1, 5, 6, 7, 8, 9}, {1, 9, 8, 7, 6, 5}};

  @Test
  void loraLearnsLeavesBaseIntactAndReloadsAsPeft() throws Exception {
    List<SftExample> data = Fixtures.nextLetter();
    List<SftExample> pretraining = Fixtures.previousLetter();
    List<SftExample> all = new java.util.ArrayList<>(data);
    all.addAll(pretraining);
    WordLevelTokenizer tok = Fixtures.tokenizer(all);
    // LoRA cannot rescale a random output head, so the base first learns a different task over the
    // same vocabulary
    Path base = tmp.resolve("base");
    try (LlamaModel scratch = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 7, null);
        SftTrainer pre =
            new SftTrainer(
                scratch,
                tok,
                FineTuneConfig.builder().full().learningRate(1e-2).maxSteps(80).build())) {
      pre.train(pretraining, List.of(), base);
    }
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .lora(8, 16)
            .targetModules(FineTuneConfig.ALL_LINEAR)
            .learningRate(2e-2)
            .warmupSteps(3)
            .batchSize(8)
            .maxSteps(80)
            .seed(3)
            .baseModel(base.toString())
            .build();
    Path out = tmp.resolve("lora");
    float[] trained;
    try (LlamaModel model = LlamaModels.load(base, LoadOptions.defaults())) {
      Map<String, float[]> before = Fixtures.snapshot(model);
      float[] initial = Fixtures.logits(model, PROBE);
      FineTuneResult r;
      try (SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
        // B = 0 at initialisation: the adapted model computes exactly what the base does
        assertThat(Fixtures.maxDiff(Fixtures.logits(model, PROBE), initial)).isEqualTo(0.0);
        r = trainer.train(data, data.subList(0, 4), out);
      }
      System.out.println("LoRA next-letter: " + r);
      assertThat(r.steps()).isEqualTo(80);
      assertThat(r.finalTrainLoss()).isLessThan(0.5 * r.initialTrainLoss());
      assertThat(r.finalEvalLoss()).isLessThan(r.initialEvalLoss());
      Map<String, float[]> after = Fixtures.snapshot(model);
      before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
      trained = Fixtures.logits(model, PROBE);
      assertThat(Fixtures.maxDiff(trained, initial)).isGreaterThan(1e-3);
    }
    JsonNode c = new ObjectMapper().readTree(out.resolve("adapter_config.json").toFile());
    assertThat(c.get("peft_type").asText()).isEqualTo("LORA");
    assertThat(c.get("task_type").asText()).isEqualTo("CAUSAL_LM");
    assertThat(c.get("r").asInt()).isEqualTo(8);
    assertThat(c.get("lora_alpha").asDouble()).isEqualTo(16.0);
    assertThat(c.get("base_model_name_or_path").asText()).isEqualTo(base.toString());
    assertThat(c.get("target_modules")).hasSize(7);
    try (SafetensorsFile f = SafetensorsFile.open(out.resolve("adapter_model.safetensors"))) {
      assertThat(f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape())
          .containsExactly(8, 32);
      assertThat(f.info("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight").shape())
          .containsExactly(32, 8);
      assertThat(f.names()).hasSize(2 * 7 * 2);
    }
    for (boolean merge : new boolean[] {false, true}) {
      try (LlamaModel reloaded =
          LlamaModels.load(base, LoadOptions.defaults().withAdapter(out, merge))) {
        assertThat(reloaded.hasAdapters()).isEqualTo(!merge);
        assertThat(Fixtures.maxDiff(Fixtures.logits(reloaded, PROBE), trained))
            .as("merge=%s", merge)
            .isLessThan(1e-4);
      }
    }
    List<String> log = Files.readAllLines(out.resolve("training_log.csv"));
    assertThat(log.get(0)).isEqualTo("step,epoch,loss,lr,split");
    assertThat(log).filteredOn(l -> l.endsWith(",train")).hasSize(80);
    assertThat(log).filteredOn(l -> l.endsWith(",eval")).hasSizeGreaterThanOrEqualTo(2);
    JsonNode prov = new ObjectMapper().readTree(out.resolve("training_config.json").toFile());
    assertThat(prov.at("/hyper_parameters/seed").asLong()).isEqualTo(3);
    assertThat(prov.at("/data/train_examples").asInt()).isEqualTo(data.size());
    assertThat(prov.at("/data/train_sha256").asText()).hasSize(64);
    assertThat(prov.at("/result/steps").asInt()).isEqualTo(80);
    assertThat(prov.get("palr_version").asText()).isNotEmpty();
  }

  @Test
  void fullFineTuningLearnsAndReloadsWithIdenticalLogits() throws Exception {
    List<SftExample> data = Fixtures.nextLetter();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .full()
            .learningRate(5e-3)
            .weightDecay(0.01)
            .warmupSteps(2)
            .batchSize(4)
            .gradientAccumulation(2)
            .maxSteps(60)
            .schedule(LrSchedule.LINEAR)
            .build();
    Path out = tmp.resolve("full");
    float[] trained;
    FineTuneResult r;
    try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 11, null);
        SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
      assertThat(trainer.trainableParameterCount()).isEqualTo(model.config().parameterCount());
      r = trainer.train(data, List.of(), out);
      trained = Fixtures.logits(model, PROBE);
    }
    assertThat(r.finalTrainLoss()).isLessThan(0.5 * r.initialTrainLoss());
    assertThat(r.initialEvalLoss()).isNaN();
    assertThat(out.resolve("config.json")).exists();
    Tokenizer reloadedTok = Tokenizers.load(LlamaModels.defaultTokenizer(out));
    assertThat(reloadedTok).isInstanceOf(WordLevelTokenizer.class);
    assertThat(reloadedTok.encode("continue: a b c", true))
        .containsExactly(tok.encode("continue: a b c", true));
    try (LlamaModel reloaded = LlamaModels.load(out, LoadOptions.defaults())) {
      assertThat(Fixtures.maxDiff(Fixtures.logits(reloaded, PROBE), trained))
          .isLessThanOrEqualTo(1e-6);
    }
  }

  @Test
  void gradientAccumulationMatchesOneLargeBatch() throws Exception {
    List<SftExample> data = Fixtures.nextLetter().subList(0, 16);
    WordLevelTokenizer tok = Fixtures.tokenizer(Fixtures.nextLetter());
    double[][] losses = new double[2][];
    int[][] shapes = {{8, 1}, {4, 2}};
    for (int k = 0; k < 2; k++) {
      FineTuneConfig cfg =
          FineTuneConfig.builder()
              .full()
              .learningRate(1e-3)
              .schedule(LrSchedule.CONSTANT)
              .batchSize(shapes[k][0])
              .gradientAccumulation(shapes[k][1])
              .maxSteps(3)
              .build();
      List<Double> l = new java.util.ArrayList<>();
      try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 4, null);
          SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
        trainer.train(
            data,
            List.of(),
            tmp.resolve("acc" + k),
            new TrainingListener() {
              @Override
              public void onStep(TrainingStep p) {
                l.add(p.loss());
              }
            });
      }
      losses[k] = l.stream().mapToDouble(Double::doubleValue).toArray();
    }
    assertThat(losses[1]).containsExactly(losses[0], org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void earlyStoppingEndsTheRunWhenEvalLossRises() throws Exception {
    List<SftExample> data = Fixtures.nextLetter();
    // the held-out answers contradict the training answers, so learning makes the eval loss worse
    List<SftExample> contradicting =
        data.stream().limit(4).map(e -> new SftExample(e.prompt(), " a")).toList();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .full()
            .learningRate(1e-2)
            .batchSize(8)
            .maxSteps(40)
            .evalEverySteps(2)
            .earlyStopPatience(2)
            .build();
    try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 9, null);
        SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
      FineTuneResult r = trainer.train(data, contradicting, tmp.resolve("early"));
      assertThat(r.stoppedEarly()).isTrue();
      assertThat(r.steps()).isLessThan(40);
      assertThat(r.bestEvalLoss()).isLessThan(r.finalEvalLoss());
    }
  }
}
