package io.palr.text;

import io.palr.api.Item;
import io.palr.text.EmbeddingCache.TextKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unit-length text vectors of a list of items (a catalogue, by index), computed by a {@link
 * TextEncoder} from {@link ItemText} and optionally kept in an {@link EmbeddingCache} file, so a
 * second run embeds nothing and a catalogue that gained items embeds only those.
 *
 * <p>Immutable once computed.
 */
public final class ItemEmbeddings {
  private static final Logger LOG = LoggerFactory.getLogger(ItemEmbeddings.class);

  private final String modelId;
  private final float[][] vectors;
  private final Stats stats;

  private ItemEmbeddings(String modelId, float[][] vectors, Stats stats) {
    this.modelId = modelId;
    this.vectors = vectors;
    this.stats = stats;
  }

  /**
   * How a computation went.
   *
   * @param items items in the list
   * @param embedded texts run through the encoder (distinct texts not in the cache)
   * @param cached items whose vector came from the cache file
   * @param truncated embedded texts longer than the encoder's maximum, cut to it
   * @param idFallbacks items without a title, embedded from their id (and metadata)
   * @param cache what the cache file held
   * @param cacheProblem why a cache file was rejected, or empty
   * @param seconds wall time, cache reading and writing included
   */
  public record Stats(
      int items,
      int embedded,
      int cached,
      int truncated,
      int idFallbacks,
      CacheStatus cache,
      String cacheProblem,
      double seconds) {
    /** One line for logs and reports. */
    public String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "%d items: %d embedded, %d from the cache (%s), %d truncated to the model's maximum"
              + " length, %d without a title (embedded from their id), %.2f s",
          items,
          embedded,
          cached,
          cache.name().toLowerCase(java.util.Locale.ROOT),
          truncated,
          idFallbacks,
          seconds);
    }
  }

  /** Embeds {@code items} without a cache. */
  public static ItemEmbeddings compute(List<Item> items, TextEncoder encoder) {
    return compute(items, encoder, null);
  }

  /**
   * Embeds {@code items}, reusing and updating the cache file {@code cacheFile} (null = none). A
   * corrupt or foreign cache file is logged, ignored and overwritten.
   *
   * @throws UncheckedIOException if an existing cache file cannot be read or the new one cannot be
   *     written
   * @throws TextEncodingException if the encoder fails
   */
  public static ItemEmbeddings compute(List<Item> items, TextEncoder encoder, Path cacheFile) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(encoder, "encoder");
    long start = System.nanoTime();
    String modelId = encoder.modelId();
    int dim = encoder.dimension();
    int n = items.size();
    String[] texts = new String[n];
    TextKey[] keys = new TextKey[n];
    int idFallbacks = 0;
    for (int i = 0; i < n; i++) {
      Item it = items.get(i);
      texts[i] = ItemText.of(it);
      keys[i] = TextKey.of(texts[i]);
      if (ItemText.usesIdFallback(it)) {
        idFallbacks++;
      }
    }
    EmbeddingCache.Contents contents;
    try {
      contents =
          cacheFile == null
              ? new EmbeddingCache.Contents(Map.of(), CacheStatus.DISABLED, "")
              : EmbeddingCache.read(cacheFile, modelId, dim);
    } catch (IOException e) {
      throw new UncheckedIOException(cacheFile + ": cannot read the text-vector cache", e);
    }
    if (!contents.problem().isEmpty()) {
      LOG.warn("text-vector cache rejected, rebuilding it: {}", contents.problem());
    }
    Map<TextKey, float[]> known = new LinkedHashMap<>(contents.vectors());
    Map<TextKey, Integer> missing = new LinkedHashMap<>();
    List<String> toEmbed = new ArrayList<>();
    int cached = 0;
    for (int i = 0; i < n; i++) {
      if (known.containsKey(keys[i])) {
        cached++;
      } else if (!missing.containsKey(keys[i])) {
        missing.put(keys[i], toEmbed.size());
        toEmbed.add(texts[i]);
      }
    }
    int truncated = 0;
    if (!toEmbed.isEmpty()) {
      TextEncoder.EncodedTexts enc = encoder.encode(toEmbed);
      truncated = enc.truncated();
      missing.forEach((k, j) -> known.put(k, enc.vectors()[j]));
    }
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] = known.get(keys[i]);
    }
    CacheStatus status = contents.status();
    if (cacheFile != null && (!toEmbed.isEmpty() || status != CacheStatus.HIT)) {
      try {
        EmbeddingCache.write(cacheFile, modelId, dim, known);
      } catch (IOException e) {
        throw new UncheckedIOException(cacheFile + ": cannot write the text-vector cache", e);
      }
      if (status == CacheStatus.HIT) {
        status = CacheStatus.EXTENDED;
      }
    }
    Stats stats =
        new Stats(
            n,
            toEmbed.size(),
            cached,
            truncated,
            idFallbacks,
            status,
            contents.problem(),
            (System.nanoTime() - start) / 1e9);
    LOG.info("text vectors ({}): {}", modelId, stats.describe());
    return new ItemEmbeddings(modelId, vectors, stats);
  }

  /** The encoder's model id. */
  public String modelId() {
    return modelId;
  }

  /** Number of items. */
  public int size() {
    return vectors.length;
  }

  /** Vector length. */
  public int dimension() {
    return vectors.length == 0 ? 0 : vectors[0].length;
  }

  /** A copy of the vector of item {@code index}. */
  public float[] vector(int index) {
    return vectors[index].clone();
  }

  /** The vectors, shared: callers must not modify them. */
  float[][] matrix() {
    return vectors;
  }

  /** How the computation went. */
  public Stats stats() {
    return stats;
  }
}
