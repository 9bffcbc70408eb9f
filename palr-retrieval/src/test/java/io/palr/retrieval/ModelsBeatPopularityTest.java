package io.palr.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.CaserConfig;
import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.NcfConfig;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model, trained briefly on synthetic data, must beat popularity on validation NDCG@10. */
@Tag("slow")
class ModelsBeatPopularityTest {
  private static double popularity;

  @BeforeAll
  static void popularityBaseline() {
    try (RetrievalModels.Fitted pop =
        RetrievalModels.fit(new PopularityConfig(), TestData.split(), TestData.fastTrainer(1))) {
      popularity = TestData.validationNdcg(pop.scorer());
    }
  }

  static Stream<Arguments> models() {
    return Stream.of(
            Arguments.of(new SasRecConfig(20, 32, 2, 1, 0.2f, 0f), 12),
            Arguments.of(new Gru4RecConfig(20, 32, 0.1f), 40),
            Arguments.of(new BprConfig(32, 20, 1e-5f), 15),
            Arguments.of(new NcfConfig(16, List.of(16, 8), 20, 0.1f), 15),
            Arguments.of(new CaserConfig(5, 32, 8, 4, 0.2f), 15),
            Arguments.of(ItemKnnConfig.defaults(), 1))
        // -Dpalr.retrieval.testModels=caser,itemknn runs a subset
        .filter(
            a ->
                System.getProperty("palr.retrieval.testModels", "").isBlank()
                    || List.of(System.getProperty("palr.retrieval.testModels").split(","))
                        .contains(((ModelConfig) a.get()[0]).type().id()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void beatsPopularity(ModelConfig config, int epochs) {
    long t0 = System.nanoTime();
    boolean pointwise =
        config.type() == ModelType.BPR
            || config.type() == ModelType.NCF
            || config.type() == ModelType.CASER;
    // pointwise models have one unit per interaction: bigger batches, same number of steps
    var trainer =
        TestData.fastTrainer(epochs).withBatchSize(pointwise ? 512 : 64).withEarlyStopping(10, 1);
    try (RetrievalModels.Fitted fitted = RetrievalModels.fit(config, TestData.split(), trainer)) {
      double ndcg = TestData.validationNdcg(fitted.scorer());
      System.out.printf(
          "%s: val NDCG@10 %.4f vs popularity %.4f (%.1fs)%n",
          config.type().id(), ndcg, popularity, (System.nanoTime() - t0) / 1e9);
      assertThat(ndcg).as(config.type().id() + " vs popularity").isGreaterThan(popularity * 1.1);
      fitted
          .training()
          .ifPresent(
              r ->
                  assertThat(r.bestValidationNdcg())
                      .isCloseTo(ndcg, org.assertj.core.data.Offset.offset(1e-9)));
    }
  }
}
