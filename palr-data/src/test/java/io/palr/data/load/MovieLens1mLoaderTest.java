package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.ProblemKind;
import io.palr.data.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens1mLoaderTest {
  @TempDir Path tmp;

  private static final String MOVIES =
      """
      1::Toy Story (1995)::Animation|Children's|Comedy
      2::Jumanji (1995)::Adventure|Children's|Fantasy
      3::Cité des enfants perdus, La (1995)::Adventure|Sci-Fi
      4::No Year Here::Drama
      5::Heat (1995)::Action|Crime|Thriller
      6::Sabrina (1995)::Comedy|Romance
      7::Tom and Huck (1995)::Adventure|Children's
      """;

  private Path dir() throws IOException {
    Fixtures.write(tmp, "movies.dat", MOVIES, StandardCharsets.ISO_8859_1);
    return tmp;
  }

  @Test
  void realMoviesFileParsesTitleYearAndGenresInIso88591() throws IOException {
    Path dir = SharedData.dataDir("ml-1m");
    Map<String, Item> movies =
        MovieLens1mLoader.readMovies(dir.resolve("movies.dat"), ErrorPolicy.STRICT);
    assertThat(movies).hasSize(3883);
    Item toyStory = movies.get("1");
    assertThat(toyStory.title()).isEqualTo("Toy Story");
    assertThat(toyStory.year()).hasValue(1995);
    assertThat(toyStory.genres()).containsExactly("Animation", "Children's", "Comedy");
    // ISO-8859-1 accented characters decode to the right code points
    assertThat(movies.values()).anySatisfy(it -> assertThat(it.title()).contains("é"));
    assertThat(movies.values()).noneSatisfy(it -> assertThat(it.title()).contains("\uFFFD"));
    assertThat(movies.get("3952").title()).isEqualTo("Contender, The");
  }

  @Test
  void loadsRatingsWithTheRealCatalogue() throws IOException {
    Path real = SharedData.dataDir("ml-1m");
    Path ratings = Fixtures.write(tmp, "ratings.dat", Fixtures.ml1mRatings(20, 6));
    LoadResult r = new MovieLens1mLoader(ratings, real.resolve("movies.dat")).minCore(5).load();
    assertThat(r.statistics().users()).isEqualTo(20);
    assertThat(r.statistics().interactions()).isEqualTo(120);
    assertThat(r.dataset().catalog().item(0).title()).isEqualTo("Toy Story");
    assertThat(r.report().isClean()).as(r.report().toString()).isTrue();
  }

  @Test
  void loadsFixtureEndToEnd() throws IOException {
    Fixtures.write(dir(), "ratings.dat", Fixtures.ml1mRatings(10, 5));
    LoadResult r = DatasetLoaders.movieLens1m(tmp).minCore(5).load();
    InteractionDataset ds = r.dataset();
    assertThat(ds.name()).isEqualTo("ml-1m");
    assertThat(ds.numUsers()).isEqualTo(10);
    assertThat(ds.numItems()).isEqualTo(7);
    assertThat(ds.catalog().item(2).title()).isEqualTo("Cité des enfants perdus, La");
    assertThat(ds.catalog().item(3).year()).isEmpty();
    for (int u = 0; u < ds.numUsers(); u++) {
      long[] ts = ds.timestamps(u);
      for (int i = 1; i < ts.length; i++) {
        assertThat(ts[i]).isGreaterThanOrEqualTo(ts[i - 1]);
      }
    }
    assertThat(r.report().recordsAccepted()).isEqualTo(50);
    assertThat(r.toString()).contains("users=10", "kept 50 interactions");
  }

  @Test
  void charsetCanBeSetForUtf8Exports() throws IOException {
    Fixtures.write(tmp, "movies.dat", "1::Amélie (2001)::Comedy\n", StandardCharsets.UTF_8);
    Fixtures.write(tmp, "ratings.dat", "1::1::5::10\n");
    LoadResult utf8 =
        DatasetLoaders.movieLens1m(tmp).charset(StandardCharsets.UTF_8).minCore(0).load();
    assertThat(utf8.dataset().catalog().item(0).title()).isEqualTo("Amélie");
    Fixtures.write(tmp, "movies.dat", "1::Amélie (2001)::Comedy\n", StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).charset(StandardCharsets.UTF_8).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> assertThat(e.getMessage()).contains("movies.dat:1", "invalid UTF-8"));
  }

  @Test
  void ratingThresholdIsApplied() throws IOException {
    Fixtures.write(dir(), "ratings.dat", Fixtures.ml1mRatings(12, 5));
    LoadResult all = DatasetLoaders.movieLens1m(tmp).minCore(0).load();
    LoadResult high = DatasetLoaders.movieLens1m(tmp).minCore(0).ratingThreshold(4).load();
    assertThat(high.preprocessing().belowThreshold()).isPositive();
    assertThat(high.statistics().interactions())
        .isEqualTo(all.statistics().interactions() - high.preprocessing().belowThreshold());
  }

  @Test
  void wrongSeparatorNamesFileLineAndSeparator() throws IOException {
    Fixtures.write(dir(), "ratings.dat", "1::1::5::978300760\n1\t2\t5\t978300761\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.MALFORMED_RECORD);
              assertThat(e.file()).hasValue(tmp.resolve("ratings.dat"));
              assertThat(e.line()).hasValue(2);
              assertThat(e.getMessage()).contains("ratings.dat:2", "'::'", "found 1");
            });
  }

  @Test
  void badNumberNamesTheField() throws IOException {
    Fixtures.write(dir(), "ratings.dat", "1::1::5::978300760\n1::2::5::97830x761\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.INVALID_VALUE);
              assertThat(e.field()).hasValue("Timestamp");
              assertThat(e.line()).hasValue(2);
              assertThat(e.getMessage())
                  .contains("ratings.dat:2: field 'Timestamp': not an integer: '97830x761'");
            });
  }

  @Test
  void unknownMovieIsAnError() throws IOException {
    Fixtures.write(dir(), "ratings.dat", "1::1::5::978300760\n1::99::5::978300761\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.UNKNOWN_ITEM);
              assertThat(e.getMessage()).contains("movie 99 is not in movies.dat");
            });
  }

  @Test
  void lenientModeSkipsAndCountsEveryBadLine() throws IOException {
    String good = Fixtures.ml1mRatings(10, 5);
    Fixtures.write(
        dir(), "ratings.dat", good + "1\t2\t5\t1\n1::99::5::1\n2::1::five::1\n\n3::2::4::5\n");
    LoadResult r = DatasetLoaders.movieLens1m(tmp).lenient().load();
    assertThat(r.report().count(ProblemKind.MALFORMED_RECORD)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.UNKNOWN_ITEM)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.INVALID_VALUE)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.BLANK_LINE)).isEqualTo(1);
    assertThat(r.report().skippedRecords()).isEqualTo(3);
    assertThat(r.report().recordsAccepted()).isEqualTo(51);
    assertThat(r.report().examples()).anySatisfy(s -> assertThat(s).contains("ratings.dat:52"));
    assertThat(r.report().toString()).contains("skipped 3 records", "UNKNOWN_ITEM");
  }

  @Test
  void duplicateMovieIdIsAnError() throws IOException {
    Fixtures.write(tmp, "movies.dat", "1::A (1990)::Drama\n1::B (1991)::Drama\n");
    Fixtures.write(tmp, "ratings.dat", "1::1::5::1\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.DUPLICATE_ID);
              assertThat(e.getMessage()).contains("movies.dat:2", "already listed on line 1");
            });
  }

  @Test
  void filteringEverythingAwayIsATypedException() throws IOException {
    Fixtures.write(dir(), "ratings.dat", Fixtures.ml1mRatings(10, 5));
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).minCore(50).load())
        .isInstanceOf(io.palr.data.prep.EmptyDatasetException.class)
        .hasMessageContaining("users>=50")
        .hasMessageContaining("read 50 interactions");
  }

  @Test
  void missingRatingsFileIsNamed() throws IOException {
    dir();
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("ratings.dat");
  }

  @Test
  void emptyRatingsFileIsAnError() throws IOException {
    Files.writeString(dir().resolve("ratings.dat"), "\n\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens1m(tmp).load())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("no interactions found");
  }
}
