package io.palr.api.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shared pieces of the training loops: improvement, stop requests and the stock listeners. */
class TrainingListenersTest {
  private static final TrainingPlan NDCG = new TrainingPlan("m", 10, 4, 40, 100, "NDCG@10", true);
  private static final TrainingPlan LOSS = new TrainingPlan("ft", 2, 5, 10, 20, "eval loss", false);

  private static TrainingStep step(int epoch, long step, double loss) {
    return new TrainingStep(epoch, 1, step, 40, epoch, loss, 1e-3, 1.0, 8, step);
  }

  @Test
  void improvementFollowsTheMetricsDirectionAndIsStrict() {
    List<Validation> seen = new ArrayList<>();
    TrainingListeners up =
        TrainingListeners.of(
            List.of(
                new TrainingListener() {
                  @Override
                  public void onValidation(Validation v) {
                    seen.add(v);
                  }
                }));
    up.begin(NDCG);
    up.validated(1, 4, 0.10);
    up.validated(2, 8, 0.10);
    up.validated(3, 12, 0.12);
    assertThat(seen).extracting(Validation::improved).containsExactly(true, false, true);
    assertThat(seen).extracting(Validation::best).containsExactly(0.10, 0.10, 0.12);
    TrainingListeners down = TrainingListeners.of(List.of());
    down.begin(LOSS);
    assertThat(down.validated(0, 0, 3.0).improved()).isTrue();
    assertThat(down.validated(1, 5, 3.5).improved()).isFalse();
    assertThat(down.validated(2, 10, 2.0).improved()).isTrue();
    assertThat(down.best()).isEqualTo(2.0);
  }

  @Test
  void earlyStoppingCountsValidationsWithoutImprovement() {
    TrainingListeners l = TrainingListeners.of(List.of(EarlyStopping.validations(2)));
    l.begin(NDCG);
    l.validated(1, 4, 0.10);
    l.validated(2, 8, 0.09);
    assertThat(l.stopRequested()).isFalse();
    l.validated(3, 12, 0.11); // an improvement resets the count
    l.validated(4, 16, 0.11);
    assertThat(l.stopRequested()).isFalse();
    l.validated(5, 20, 0.10);
    assertThat(l.stopRequested()).isTrue();
    TrainingStop stop = l.end(5, 20, false);
    assertThat(stop.reason()).isEqualTo(StopReason.EARLY_STOPPING);
    assertThat(stop.early()).isTrue();
    assertThat(stop.detail())
        .isEqualTo("no improvement of NDCG@10 in 2 validations (best 0.1100 after epoch 3)");
  }

  @Test
  void patienceInEpochsAgreesWithPatienceInValidationsOnARegularGrid() {
    double[] ndcg = {0.10, 0.12, 0.11, 0.13, 0.12, 0.12, 0.12, 0.14, 0.10};
    int[] stoppedAt = new int[2];
    for (int mode = 0; mode < 2; mode++) {
      TrainingListeners l =
          TrainingListeners.of(
              List.of(mode == 0 ? EarlyStopping.validations(3) : EarlyStopping.epochs(12)));
      l.begin(NDCG);
      for (int i = 0; i < ndcg.length && !l.stopRequested(); i++) {
        l.validated(4 * (i + 1), 10L * i, ndcg[i]);
        stoppedAt[mode] = 4 * (i + 1);
      }
      assertThat(l.stopRequested()).isTrue();
      if (mode == 1) {
        assertThat(l.end(stoppedAt[1], 0, false).detail())
            .isEqualTo("no improvement of NDCG@10 in 12 epochs (best 0.1300 after epoch 16)");
      }
    }
    assertThat(stoppedAt[0]).isEqualTo(28).isEqualTo(stoppedAt[1]);
  }

  @Test
  void reachingTheBoundWinsOverAStopRequest() {
    TrainingListeners l = TrainingListeners.of(List.of(EarlyStopping.validations(1)));
    l.begin(NDCG);
    l.validated(1, 4, 0.2);
    l.validated(10, 40, 0.1);
    assertThat(l.stopRequested()).isTrue();
    TrainingStop stop = l.end(10, 40, true);
    assertThat(stop.reason()).isEqualTo(StopReason.COMPLETED);
    assertThat(stop.early()).isFalse();
  }

  @Test
  void timeBudgetStopsOnItsClockAndTheFirstRequestWins() {
    AtomicLong now = new AtomicLong(1_000);
    TrainingListeners l =
        TrainingListeners.of(
            List.of(
                new TimeBudget(Duration.ofSeconds(60), now::get), EarlyStopping.validations(1)));
    l.begin(NDCG);
    now.addAndGet(59_000_000_000L);
    l.step(step(1, 1, 1.0), true);
    assertThat(l.stopRequested()).isFalse();
    now.addAndGet(1_000_000_000L);
    l.epochEnd(new EpochEnd(1, 4, 1.0, 60));
    assertThat(l.stopRequested()).isTrue();
    l.validated(1, 4, 0.1);
    l.validated(2, 8, 0.1); // early stopping asks too, later
    TrainingStop stop = l.end(2, 8, false);
    assertThat(stop.reason()).isEqualTo(StopReason.TIME_BUDGET);
    assertThat(stop.detail()).isEqualTo("time budget of 60 s used");
  }

  @Test
  void divergenceCheckToleratesSomeSkippedStepsThenThrowsItsType() {
    TrainingListeners l = TrainingListeners.of(List.of(new DivergenceCheck(2, "lower the rate")));
    l.begin(NDCG);
    l.step(step(1, 0, Double.NaN), false);
    l.step(step(1, 3, 1.0), true);
    l.step(step(2, 3, Double.POSITIVE_INFINITY), false);
    assertThatThrownBy(() -> l.step(step(3, 7, Double.NaN), false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessage(
            "m diverged: more than 2 non-finite steps at epoch 3, step 8 (loss NaN, gradient norm"
                + " 1.0); lower the rate")
        .satisfies(
            e -> {
              assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(3);
              assertThat(((TrainingDivergedException) e).step()).isEqualTo(7);
            });
    TrainingListeners strict = TrainingListeners.of(List.of(new DivergenceCheck(0, "")));
    strict.begin(LOSS);
    assertThatThrownBy(() -> strict.step(step(1, 0, Double.NaN), false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith("ft diverged: non-finite loss or gradient at epoch 1, step 1");
  }

  @Test
  void progressAdapterReportsAppliedStepsOutOfPlanned() {
    List<long[]> calls = new ArrayList<>();
    TrainingListeners l =
        TrainingListeners.of(
            List.of(
                TrainingListener.progress((done, total) -> calls.add(new long[] {done, total}))));
    l.begin(NDCG);
    l.step(step(1, 1, 1.0), true);
    l.step(step(1, 1, Double.NaN), false);
    l.step(step(1, 2, 1.0), true);
    assertThat(calls).containsExactly(new long[] {1, 40}, new long[] {2, 40});
  }
}
