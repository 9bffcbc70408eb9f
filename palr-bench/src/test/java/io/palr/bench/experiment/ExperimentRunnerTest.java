package io.palr.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.eval.experiment.ExperimentConfig;
import io.palr.eval.protocol.EvaluationMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentRunnerTest {
  @Test
  void parsesFusionAndSplitOptions() {
    ExperimentConfig c =
        ExperimentRunner.parse(
            new String[] {
              "--fusion-grid",
              "0, 1.5,4",
              "--tune-users",
              "7",
              "--v1-no-repeat",
              "4",
              "--split",
              "validation"
            });
    assertThat(c.fusionGrid()).containsExactly(0.0, 1.5, 4.0);
    assertThat(c.tuneUsers()).isEqualTo(7);
    assertThat(c.v1NoRepeatNgram()).isEqualTo(4);
    assertThat(c.split()).isEqualTo(EvaluationMode.VALIDATION);
    ExperimentConfig defaults = ExperimentRunner.parse(new String[0]);
    assertThat(defaults.split()).isEqualTo(EvaluationMode.TEST);
    assertThat(defaults.fusionGrid()).contains(0.0).hasSizeGreaterThan(3);
    assertThat(ExperimentRunner.parse(new String[] {"--fusion-grid", ""}).fusionGrid()).isEmpty();
  }

  @Test
  void rejectsBadFusionWeights() {
    assertThatThrownBy(() -> ExperimentRunner.parse(new String[] {"--fusion-grid", "0,-1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> ExperimentRunner.parse(new String[] {"--fusion-grid", "0,x"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fusion-grid");
    assertThatThrownBy(() -> ExperimentConfig.builder().fusionGrid(List.of(Double.NaN)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
