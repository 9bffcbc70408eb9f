package io.palr.data.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSnapshotTest {
  @TempDir Path tmp;

  private static InteractionDataset sample() {
    Catalog catalog =
        Catalog.of(
            List.of(
                Item.builder("m1")
                    .title("Amélie")
                    .genre("Comedy")
                    .genre("Romance")
                    .year(2001)
                    .brand("UGC")
                    .attribute("imdb", "tt0211915")
                    .build(),
                Item.of("m2", ""),
                Item.of("m3", "日本語 title")));
    return InteractionDataset.ofArrays(
        "sample",
        catalog,
        List.of("u1", "u2"),
        new int[] {0, 3, 5},
        new int[] {0, 1, 2, 2, 0},
        new long[] {1, 2, 3, -4, Long.MAX_VALUE});
  }

  @Test
  void roundTripKeepsEverything() throws IOException {
    InteractionDataset ds = sample();
    Path file = tmp.resolve("sub/sample.palrds");
    DatasetSnapshot.write(
        new DatasetSnapshot(ds, Map.of("format", "ml-1m", "options", "5-core")), file);
    DatasetSnapshot back = DatasetSnapshot.read(file);
    assertThat(back.properties())
        .containsEntry("format", "ml-1m")
        .containsEntry("options", "5-core");
    InteractionDataset d = back.dataset();
    assertThat(d.name()).isEqualTo("sample");
    assertThat(d.catalog().items()).isEqualTo(ds.catalog().items());
    assertThat(d.userIds()).isEqualTo(ds.userIds());
    assertThat(d.fingerprint()).isEqualTo(ds.fingerprint());
    for (int u = 0; u < ds.numUsers(); u++) {
      assertThat(d.sequence(u)).isEqualTo(ds.sequence(u));
      assertThat(d.timestamps(u)).isEqualTo(ds.timestamps(u));
    }
    try (var files = Files.list(file.getParent())) {
      assertThat(files.toList()).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void realDataSetRoundTripsWithAllItemFields() throws IOException {
    InteractionDataset ds =
        io.palr.data.load.DatasetLoaders.movieLens100k(io.palr.data.SharedData.dataDir("ml-100k"))
            .load()
            .dataset();
    Path file = tmp.resolve("ml-100k.palrds");
    DatasetSnapshot.write(ds, file);
    InteractionDataset back = DatasetSnapshot.read(file).dataset();
    assertThat(back.fingerprint()).isEqualTo(ds.fingerprint());
    assertThat(back.catalog().items()).isEqualTo(ds.catalog().items());
    assertThat(back.timestamps(7)).isEqualTo(ds.timestamps(7));
    assertThat(back.statistics()).isEqualTo(ds.statistics());
  }

  @Test
  void truncatedFileIsReported() throws IOException {
    Path file = tmp.resolve("s.palrds");
    DatasetSnapshot.write(sample(), file);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length - 5));
    assertThatThrownBy(() -> DatasetSnapshot.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("s.palrds")
        .hasMessageContaining("truncated or corrupt");
    Files.write(file, Arrays.copyOf(all, 10));
    assertThatThrownBy(() -> DatasetSnapshot.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("only 10 bytes");
  }

  @Test
  void flippedByteIsACheckSumMismatch() throws IOException {
    Path file = tmp.resolve("s.palrds");
    DatasetSnapshot.write(sample(), file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(40);
      int b = raf.read();
      raf.seek(40);
      raf.write(b ^ 0x10);
    }
    assertThatThrownBy(() -> DatasetSnapshot.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void wrongMagicAndFutureVersionAreReported() throws IOException {
    Path other =
        Files.writeString(
            tmp.resolve("other.txt"), "user item timestamp and some more text here\n");
    assertThatThrownBy(() -> DatasetSnapshot.read(other))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("not a palr data set snapshot");
    Path file = tmp.resolve("s.palrds");
    DatasetSnapshot.write(sample(), file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(8);
      raf.writeInt(99);
    }
    assertThatThrownBy(() -> DatasetSnapshot.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("version 99 is not supported");
  }
}
