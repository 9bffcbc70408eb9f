package io.palr.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.eval.protocol.UserResult;
import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.SasRecFixture;
import io.palr.spark.TestSpark;
import io.palr.spark.recommend.PalrPipeline;
import io.palr.spark.recommend.PipelineFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Distributed evaluation against palr-eval's single-JVM {@link Evaluator} (what {@code ./palr
 * evaluate} runs) on ML-100K: identical per-user ranks, and means equal to the last printed digit.
 */
class DistributedEvaluationTest {

  static Stream<Arguments> systems() {
    RankingProtocol sampled = RankingProtocol.sampled(100, NegativeSampling.UNIFORM, 42L);
    return Stream.of(
        Arguments.of("pop", RankingProtocol.full()),
        Arguments.of("pop", sampled),
        Arguments.of("itemknn", RankingProtocol.full()),
        Arguments.of("itemknn", sampled),
        Arguments.of("sasrec", RankingProtocol.full()),
        Arguments.of("sasrec", sampled));
  }

  /** The popularity-weighted sampler too (slower: tagged "slow", mvn -Pquick skips it). */
  static Stream<Arguments> popularityNegatives() {
    return Stream.of(
        Arguments.of("sasrec", RankingProtocol.sampled(100, NegativeSampling.POPULARITY, 42L)));
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("popularityNegatives")
  void sameNumbersWithPopularityNegatives(String system, RankingProtocol protocol)
      throws Exception {
    sameNumbersAsPalrEvaluate(system, protocol);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("systems")
  void sameNumbersAsPalrEvaluate(String system, RankingProtocol protocol) throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    PipelineFactory factory =
        system.equals("sasrec")
            ? PipelineFactory.of(
                f.snapshot().toString(), SasRecFixture.checkpoint(f.converted()).toString())
            : PipelineFactory.of(f.snapshot().toString(), null).withModelType(system);
    EvaluationResult ref;
    try (PalrPipeline single = factory.create()) {
      ref =
          Evaluator.builder(single.split())
              .metrics(Metric.standard(5, 10, 20))
              .protocol(protocol)
              .build()
              .evaluate(system, single.scorer());
    }
    SparkEvaluator.Result got =
        SparkEvaluator.builder(TestSpark.session())
            .pipeline(factory)
            .protocol(protocol)
            .cutoffs(5, 10, 20)
            .partitions(3)
            .build()
            .evaluate(system, f.prepared());
    assertThat(got.users()).isEqualTo(ref.numUsers());
    List<Row> perUser = got.perUser().orderBy("split_idx").collectAsList();
    for (int u = 0; u < ref.numUsers(); u++) {
      UserResult want = ref.users().get(u);
      Row r = perUser.get(u);
      assertThat(r.getString(1)).isEqualTo(want.userId());
      assertThat(r.getInt(2)).isEqualTo(want.target());
      assertThat(List.of(r.getBoolean(3), r.getInt(4), r.getInt(5)))
          .as("user %s", want.userId())
          .isEqualTo(List.of(want.rank().found(), want.rank().better(), want.rank().tied()));
    }
    ref.means()
        .forEach(
            (metric, value) -> {
              double v = got.means().get(metric);
              assertThat(v)
                  .as(metric)
                  .isCloseTo(value, org.assertj.core.api.Assertions.within(1e-12));
              assertThat(String.format(Locale.ROOT, "%.4f", v))
                  .isEqualTo(String.format(Locale.ROOT, "%.4f", value));
            });
  }
}
