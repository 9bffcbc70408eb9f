package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.ProblemKind;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmazonLoaderTest {
  @TempDir Path tmp;

  private static final String RATINGS =
      """
      A1,B001,5.0,1300000000
      A1,B002,4.0,1300000100
      A2,B001,3.0,1300000050
      A2,B003,1.0,1300000000
      "A3",B002,5.0,1300000000
      """;

  private static Item item(InteractionDataset ds, String id) {
    return ds.catalog().item(ds.catalog().indexOf(id).getAsInt());
  }

  @Test
  void csvRatingsWithStrictJsonMetadataGzipped() throws IOException {
    Path ratings = Fixtures.gzip(tmp, "ratings_Beauty.csv.gz", RATINGS);
    Path meta =
        Fixtures.gzip(
            tmp,
            "meta.json.gz",
            """
        {"asin": "B001", "title": "Nail Polish \\"Ruby\\" &amp; Co", "brand": "Essie", "category": ["Beauty", "Nails"]}
        {"asin": "B002", "title": "Men's Shave Gel"}
        {"asin": "B003"}
        {"asin": "B999", "title": "Never rated"}
        """);
    LoadResult r = DatasetLoaders.amazon(ratings).metadata(meta).minCore(0).load();
    InteractionDataset ds = r.dataset();
    assertThat(ds.name()).isEqualTo("ratings_Beauty");
    assertThat(ds.numUsers()).isEqualTo(3);
    assertThat(ds.userIds()).containsExactly("A1", "A2", "A3");
    assertThat(item(ds, "B001").title()).isEqualTo("Nail Polish \"Ruby\" & Co");
    assertThat(item(ds, "B001").brand()).hasValue("Essie");
    assertThat(item(ds, "B001").genres()).containsExactly("Beauty", "Nails");
    assertThat(item(ds, "B002").title()).isEqualTo("Men's Shave Gel");
    assertThat(item(ds, "B003").title()).isEmpty();
    assertThat(r.report().count(ProblemKind.MISSING_TITLE)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.UNUSED_METADATA)).isEqualTo(1);
    // A2: B003 at t=1300000000 comes before B001 at t=1300000050 although listed after it
    assertThat(ds.sequence(1))
        .containsExactly(
            ds.catalog().indexOf("B003").getAsInt(), ds.catalog().indexOf("B001").getAsInt());
  }

  @Test
  void pythonLiteralMetadataWithQuotesAndApostrophes() throws IOException {
    Path ratings = Fixtures.write(tmp, "ratings.csv", RATINGS);
    Path meta =
        Fixtures.write(
            tmp,
            "meta.json",
            """
        {'asin': 'B001', 'title': "L'Oreal Paris \\"True Match\\"", 'price': 7.99, 'salesRank': {'Beauty': 12}}
        {'asin': 'B002', 'title': 'It\\'s a "Gel" \\xe9t\\u00e9', 'categories': [['Beauty', 'Shave']], 'x': None}
        {'asin': u'B003', 'title': 'Tom &amp; Co\\\\Backslash', 'related': {'also_bought': ('B001', 'B002')}, 'ok': True}
        """);
    LoadResult r = DatasetLoaders.amazon(ratings).metadata(meta).minCore(0).load();
    InteractionDataset ds = r.dataset();
    assertThat(item(ds, "B001").title()).isEqualTo("L'Oreal Paris \"True Match\"");
    assertThat(item(ds, "B002").title()).isEqualTo("It's a \"Gel\" été");
    assertThat(item(ds, "B002").genres()).containsExactly("Beauty", "Shave");
    assertThat(item(ds, "B003").title()).isEqualTo("Tom & Co\\Backslash");
    assertThat(r.report().isClean()).as(r.report().toString()).isTrue();
  }

  @Test
  void brokenMetadataLineIsNamed() throws IOException {
    Path ratings = Fixtures.write(tmp, "ratings.csv", RATINGS);
    Path meta =
        Fixtures.write(
            tmp,
            "meta.json",
            "{\"asin\": \"B001\", \"title\": \"ok\"}\n{'asin': 'B002', 'title': \n");
    assertThatThrownBy(() -> DatasetLoaders.amazon(ratings).metadata(meta).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.INVALID_VALUE);
              assertThat(e.getMessage())
                  .contains("meta.json:2", "neither JSON nor a Python literal");
            });
    Path noAsin = Fixtures.write(tmp, "meta2.json", "{\"title\": \"orphan\"}\n");
    assertThatThrownBy(() -> DatasetLoaders.amazon(ratings).metadata(noAsin).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.field()).hasValue("asin"));
  }

  @Test
  void malformedCsvLinesAreNamedOrCounted() throws IOException {
    Path ratings =
        Fixtures.write(tmp, "ratings.csv", RATINGS + "A4;B001;5.0;1300000000\nA4,B001,high,1\n");
    assertThatThrownBy(() -> DatasetLoaders.amazon(ratings).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.MALFORMED_RECORD);
              assertThat(e.line()).hasValue(6);
              assertThat(e.getMessage()).contains("separated by ','", "found 1");
            });
    LoadResult r = DatasetLoaders.amazon(ratings).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.MALFORMED_RECORD)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.INVALID_VALUE)).isEqualTo(1);
    assertThat(r.report().examples())
        .anySatisfy(s -> assertThat(s).contains("ratings.csv:7", "'#2'"));
    assertThat(r.statistics().interactions()).isEqualTo(5);
  }

  @Test
  void item2018ColumnOrderAndReviewJsonLines() throws IOException {
    Path csv = Fixtures.write(tmp, "Video_Games.csv", "B001,A1,5.0,10\nB002,A1,4.0,20\n");
    LoadResult r = DatasetLoaders.amazon(csv).itemFirst().minCore(0).load();
    assertThat(r.dataset().userIds()).containsExactly("A1");
    assertThat(r.dataset().catalog().items()).extracting(Item::id).containsExactly("B001", "B002");

    Path reviews =
        Fixtures.gzip(
            tmp,
            "reviews_5.json.gz",
            """
        {"reviewerID": "A1", "asin": "B002", "overall": 5.0, "unixReviewTime": 20, "reviewText": "great, \\"really\\""}
        {"reviewerID": "A1", "asin": "B001", "overall": 2.0, "unixReviewTime": 10}
        {"reviewerID": "A2", "asin": "B001", "overall": 4.0}
        """);
    assertThatThrownBy(() -> DatasetLoaders.amazon(reviews).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.field()).hasValue("unixReviewTime");
              assertThat(e.line()).hasValue(3);
            });
    LoadResult lr = DatasetLoaders.amazon(reviews).minCore(0).ratingThreshold(4).lenient().load();
    assertThat(lr.statistics().interactions()).isEqualTo(1);
    assertThat(lr.preprocessing().belowThreshold()).isEqualTo(1);
    assertThat(lr.report().skippedRecords()).isEqualTo(1);
  }
}
