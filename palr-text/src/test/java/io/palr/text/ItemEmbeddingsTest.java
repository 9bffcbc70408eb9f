package io.palr.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbeddingsTest {
  @TempDir Path dir;

  static List<Item> items(int n) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Item.builder("m" + i)
              .title("Film number " + i + (i % 2 == 0 ? " comedy" : " drama"))
              .genre(i % 2 == 0 ? "Comedy" : "Drama")
              .year(1990 + i)
              .build());
    }
    return out;
  }

  @Test
  void aSecondRunEmbedsNothingAndGivesTheSameVectors() {
    Path cache = dir.resolve("data.palrds.text.emb");
    BagOfWordsEncoder enc = new BagOfWordsEncoder("bow-1");
    ItemEmbeddings first = ItemEmbeddings.compute(items(50), enc, cache);
    assertThat(first.stats().embedded()).isEqualTo(50);
    assertThat(first.stats().cache()).isEqualTo(CacheStatus.CREATED);
    assertThat(cache).exists();

    ItemEmbeddings second = ItemEmbeddings.compute(items(50), enc, cache);
    assertThat(enc.encoded.get()).isEqualTo(50);
    assertThat(second.stats().embedded()).isZero();
    assertThat(second.stats().cached()).isEqualTo(50);
    assertThat(second.stats().cache()).isEqualTo(CacheStatus.HIT);
    for (int i = 0; i < 50; i++) {
      assertThat(second.vector(i)).containsExactly(first.vector(i));
    }
  }

  @Test
  void aNewItemIsTheOnlyOneEmbedded() {
    Path cache = dir.resolve("c.emb");
    BagOfWordsEncoder enc = new BagOfWordsEncoder("bow-1");
    ItemEmbeddings.compute(items(20), enc, cache);
    List<Item> grown = new ArrayList<>(items(20));
    grown.add(Item.builder("new").title("Brand new film").build());
    ItemEmbeddings e = ItemEmbeddings.compute(grown, enc, cache);
    assertThat(e.stats().embedded()).isEqualTo(1);
    assertThat(e.stats().cache()).isEqualTo(CacheStatus.EXTENDED);
    assertThat(enc.encoded.get()).isEqualTo(21);
    assertThat(ItemEmbeddings.compute(grown, enc, cache).stats().cache())
        .isEqualTo(CacheStatus.HIT);
  }

  @Test
  void aCorruptCacheIsDetectedAndRebuilt() throws IOException {
    Path cache = dir.resolve("c.emb");
    BagOfWordsEncoder enc = new BagOfWordsEncoder("bow-1");
    ItemEmbeddings good = ItemEmbeddings.compute(items(10), enc, cache);
    byte[] b = Files.readAllBytes(cache);
    b[b.length / 2] ^= 0x40; // one flipped bit inside a vector
    Files.write(cache, b);

    ItemEmbeddings e = ItemEmbeddings.compute(items(10), enc, cache);
    assertThat(e.stats().cache()).isEqualTo(CacheStatus.REBUILT_CORRUPT);
    assertThat(e.stats().cacheProblem()).contains("checksum");
    assertThat(e.stats().embedded()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(e.vector(i)).containsExactly(good.vector(i));
    }
    // the rebuilt file is valid again
    assertThat(ItemEmbeddings.compute(items(10), enc, cache).stats().cache())
        .isEqualTo(CacheStatus.HIT);
  }

  @Test
  void aTruncatedOrAlienFileIsCorrupt() throws IOException {
    Path cache = dir.resolve("c.emb");
    BagOfWordsEncoder enc = new BagOfWordsEncoder("bow-1");
    ItemEmbeddings.compute(items(10), enc, cache);
    byte[] b = Files.readAllBytes(cache);
    Files.write(cache, java.util.Arrays.copyOf(b, b.length - 100));
    assertThat(ItemEmbeddings.compute(items(10), enc, cache).stats().cache())
        .isEqualTo(CacheStatus.REBUILT_CORRUPT);

    Files.writeString(cache, "user,item\n1,2\n");
    ItemEmbeddings e = ItemEmbeddings.compute(items(10), enc, cache);
    assertThat(e.stats().cache()).isEqualTo(CacheStatus.REBUILT_CORRUPT);
    assertThat(e.stats().cacheProblem()).contains("not a palr text-vector cache");

    Files.write(cache, new byte[0]);
    assertThat(ItemEmbeddings.compute(items(10), enc, cache).stats().cache())
        .isEqualTo(CacheStatus.REBUILT_CORRUPT);
  }

  @Test
  void aCacheOfAnotherModelIsNeverUsed() {
    Path cache = dir.resolve("c.emb");
    ItemEmbeddings.compute(items(10), new BagOfWordsEncoder("bow-1"), cache);
    BagOfWordsEncoder other = new BagOfWordsEncoder("bow-2");
    ItemEmbeddings e = ItemEmbeddings.compute(items(10), other, cache);
    assertThat(e.stats().cache()).isEqualTo(CacheStatus.REBUILT_FOREIGN);
    assertThat(e.stats().cacheProblem()).contains("bow-1").contains("bow-2");
    assertThat(other.encoded.get()).isEqualTo(10);
    assertThat(ItemEmbeddings.compute(items(10), other, cache).stats().cache())
        .isEqualTo(CacheStatus.HIT);
  }

  @Test
  void itemsWithoutTitleAreEmbeddedFromTheirIdAndCounted() {
    List<Item> list =
        List.of(
            Item.of("B00TITLE01", ""),
            Item.builder("x2").title("   ").genre("Skin Care").build(),
            Item.of("x3", "Night cream"));
    BagOfWordsEncoder enc = new BagOfWordsEncoder("bow-1");
    ItemEmbeddings e = ItemEmbeddings.compute(list, enc);
    assertThat(e.stats().idFallbacks()).isEqualTo(2);
    assertThat(e.stats().cache()).isEqualTo(CacheStatus.DISABLED);
    assertThat(ItemText.of(list.get(0))).isEqualTo("B00TITLE01");
    assertThat(ItemText.of(list.get(1))).isEqualTo("x2. Skin Care");
    // the id-based vector is the vector of the id text, not a shared "empty" point
    assertThat(e.vector(0)).isNotEqualTo(e.vector(1));
  }

  @Test
  void itemTextHoldsTitleAndMetadata() {
    Item it =
        Item.builder("m1")
            .title("Harbor of Stars III")
            .genre("Action")
            .genre("Drama")
            .brand("Atlas Films")
            .year(1994)
            .attribute("category", "Movies")
            .build();
    assertThat(ItemText.of(it))
        .isEqualTo("Harbor of Stars III. Action, Drama. Movies. Atlas Films. 1994");
  }

  @Test
  void realEncoderCachedRerunIsIdentical() {
    Path cache = dir.resolve("real.emb");
    List<Item> list = items(30);
    try (OnnxTextEncoder enc = OnnxTextEncoder.builder(EncoderModel.MINILM_L6_V2_Q).build()) {
      ItemEmbeddings a = ItemEmbeddings.compute(list, enc, cache);
      ItemEmbeddings b = ItemEmbeddings.compute(list, enc, cache);
      assertThat(a.stats().embedded()).isEqualTo(30);
      assertThat(b.stats().embedded()).isZero();
      assertThat(b.vector(7)).containsExactly(a.vector(7));
      assertThat(a.modelId()).isEqualTo(enc.modelId());
    }
  }
}
