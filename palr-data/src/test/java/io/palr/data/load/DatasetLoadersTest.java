package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetLoadersTest {
  @Test
  void everyFormatNameMapsToItsLoader() {
    Path p = Path.of("x");
    assertThat(DatasetLoaders.forFormat("ml-1m", List.of(p))).isInstanceOf(MovieLens1mLoader.class);
    assertThat(DatasetLoaders.forFormat("ML_100K", List.of(p)))
        .isInstanceOf(MovieLens100kLoader.class);
    assertThat(DatasetLoaders.forFormat("amazon", List.of(p, p))).isInstanceOf(AmazonLoader.class);
    assertThat(DatasetLoaders.forFormat("sequences", List.of(p)))
        .isInstanceOf(SequenceFileLoader.class);
    assertThat(DatasetLoaders.forFormat("recbole", List.of(p))).isInstanceOf(RecBoleLoader.class);
    assertThat(DatasetLoaders.forFormat("csv", List.of(p))).isInstanceOf(DelimitedLoader.class);
    for (DataFormat f : DataFormat.values()) {
      assertThat(DataFormat.fromName(f.cliName())).isSameAs(f);
    }
  }

  @Test
  void forFormatChainsOptionsAndLoads(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws java.io.IOException {
    Path seq = Fixtures.write(tmp, "seq.txt", "u1 a b c\nu2 b c\nbroken\n");
    Path titles = Fixtures.write(tmp, "titles.tsv", "id\ttitle\na\tAlpha\n");
    LoadResult r =
        DatasetLoaders.forFormat("sequences", List.of(seq, titles))
            .minCore(0)
            .lenient()
            .name("toy")
            .load();
    assertThat(r.dataset().name()).isEqualTo("toy");
    assertThat(r.statistics().interactions()).isEqualTo(5);
    assertThat(r.dataset().catalog().item(0).title()).isEqualTo("Alpha");
    assertThat(r.report().skippedRecords()).isEqualTo(1);
    assertThat(r.toString())
        .contains("data set 'toy'", "interactions=5", "skipped 1 records", "seq.txt:3");
  }

  @Test
  void unknownFormatAndWrongPathCountAreExplained() {
    assertThatThrownBy(() -> DatasetLoaders.forFormat("parquet", List.of(Path.of("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ml-1m, ml-100k, amazon, sequences, recbole, csv");
    assertThatThrownBy(() -> DatasetLoaders.forFormat("ml-1m", List.of(Path.of("a"), Path.of("b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratings.dat");
  }

  @Test
  void fluentOptionsReachThePreprocessor() {
    var loader =
        DatasetLoaders.sequences(Path.of("s.txt"))
            .minCore(3, 4)
            .ratingThreshold(2)
            .deduplicate(false)
            .name("custom");
    assertThat(loader.preprocessing().minUserInteractions()).isEqualTo(3);
    assertThat(loader.preprocessing().minItemInteractions()).isEqualTo(4);
    assertThat(loader.preprocessing().ratingThreshold()).hasValue(2.0);
    assertThat(loader.preprocessing().deduplicate()).isFalse();
    assertThat(loader.name()).isEqualTo("custom");
  }
}
