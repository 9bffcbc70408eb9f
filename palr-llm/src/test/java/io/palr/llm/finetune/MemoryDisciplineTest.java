package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStep;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The number of live native arrays under the model's manager stays constant across training steps.
 */
class MemoryDisciplineTest {
  @TempDir Path tmp;

  @Test
  void noArrayGrowthAcrossSteps() throws Exception {
    List<SftExample> data = Fixtures.nextLetter();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    for (FineTuneMethod method : FineTuneMethod.values()) {
      FineTuneConfig cfg =
          FineTuneConfig.builder()
              .method(method)
              .targetModules(FineTuneConfig.ALL_LINEAR)
              .batchSize(4)
              .gradientAccumulation(2)
              .maxSteps(30)
              .evalEverySteps(5)
              .build();
      try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 2, null);
          SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
        List<Integer> counts = new ArrayList<>();
        trainer.train(
            data,
            data.subList(0, 3),
            tmp.resolve(method.name()),
            new TrainingListener() {
              @Override
              public void onStep(TrainingStep p) {
                counts.add(model.manager().getManagedArrays().size());
              }
            });
        assertThat(counts).hasSize(30);
        // after the first steps (gradients allocated once) every step ends with the same live
        // arrays
        assertThat(counts.subList(2, 30)).as(method.name()).containsOnly(counts.get(2));
      }
    }
  }
}
