package io.palr.data.load;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.ProblemKind;
import io.palr.data.prep.EmptyDatasetException;
import io.palr.data.prep.PreparedInteractions;
import io.palr.data.prep.PreprocessOptions;
import io.palr.data.prep.Preprocessor;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A configurable loader for one input format: reads the interactions (streaming), prepares them
 * with {@link Preprocessor} and attaches item metadata. Obtain one from {@link DatasetLoaders};
 * configure it with the fluent setters; call {@link #load()} (as often as needed; a loader holds no
 * state between loads).
 *
 * <pre>{@code
 * LoadResult r = DatasetLoaders.movieLens1m(dir).minCore(5).load();
 * InteractionDataset data = r.dataset();
 * }</pre>
 *
 * @param <B> the concrete loader type, for fluent chaining
 */
public abstract class DatasetLoader<B extends DatasetLoader<B>> {
  private final String fallbackName;
  private String name;
  private PreprocessOptions options = PreprocessOptions.defaults();
  private ErrorPolicy errorPolicy = ErrorPolicy.STRICT;

  /**
   * The file name up to its first dot ("ratings.csv.gz" -> "ratings"), or {@code fallback} for a
   * root path.
   */
  static String fileStem(Path p, String fallback) {
    String f = p.getFileName() == null ? fallback : p.getFileName().toString();
    int dot = f.indexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }

  DatasetLoader(String defaultName) {
    this.fallbackName = defaultName;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Sets the data set's name (default: derived from the input). */
  public B name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return self();
  }

  /** Sets the k of the iterative k-core for users and items (default 5; 0 or 1 disables it). */
  public B minCore(int k) {
    options = options.withMinCore(k);
    return self();
  }

  /** Sets separate k-core thresholds for users and items. */
  public B minCore(int users, int items) {
    options = options.withMinCore(users, items);
    return self();
  }

  /**
   * Keeps only interactions rated at least {@code threshold} (formats with ratings; default: keep
   * all).
   */
  public B ratingThreshold(double threshold) {
    options = options.withRatingThreshold(threshold);
    return self();
  }

  /**
   * Whether to keep only the first occurrence of an item per user (default true, as in the paper).
   */
  public B deduplicate(boolean on) {
    options = options.withDeduplicate(on);
    return self();
  }

  /** Replaces all preprocessing options. */
  public B preprocessing(PreprocessOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }

  /** Sets the error policy (default {@link ErrorPolicy#STRICT}). */
  public B errorPolicy(ErrorPolicy policy) {
    this.errorPolicy = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /** Shorthand for {@code errorPolicy(ErrorPolicy.LENIENT)}: skip and count bad records. */
  public B lenient() {
    return errorPolicy(ErrorPolicy.LENIENT);
  }

  /** The preprocessing options in effect. */
  public PreprocessOptions preprocessing() {
    return options;
  }

  /** The data set name in effect: the one set, or one derived from the input. */
  public String name() {
    return name != null ? name : defaultName();
  }

  /** The name derived from the input when none is set. */
  String defaultName() {
    return fallbackName;
  }

  /**
   * Reads, prepares and returns the data set.
   *
   * @throws IOException if a file cannot be read (a missing file names itself)
   * @throws DatasetFormatException in strict mode, at the first bad record (file, line and field in
   *     the message)
   * @throws EmptyDatasetException if nothing is left after filtering
   */
  public final LoadResult load() throws IOException {
    ProblemCollector problems = new ProblemCollector(errorPolicy);
    RawInteractions raw = new RawInteractions();
    ItemSource items = readInteractions(raw, problems);
    if (raw.size() == 0) {
      throw new DatasetFormatException(
          ProblemKind.MALFORMED_RECORD,
          interactionFile(),
          0,
          null,
          "no interactions found"
              + (problems.toReport().skippedRecords() > 0
                  ? " (" + problems.toReport().skippedRecords() + " records skipped)"
                  : ""));
    }
    PreparedInteractions prepared = Preprocessor.prepare(raw, options);
    raw = null; // let the raw buffers go before the metadata is read
    Set<String> wanted = new HashSet<>(prepared.itemIds());
    Map<String, Item> meta = items.read(wanted, problems);
    for (String id : prepared.itemIds()) {
      Item it = meta.get(id);
      if (it == null || !it.hasTitle()) {
        problems.report(
            ProblemKind.MISSING_TITLE,
            items.file(),
            0,
            "title",
            "item '" + id + "' has no title; kept with an empty title");
      }
    }
    InteractionDataset dataset =
        prepared.toDataset(
            name(),
            id -> {
              Item it = meta.get(id);
              return it == null ? Item.of(id, "") : it;
            });
    return new LoadResult(dataset, dataset.statistics(), prepared.summary(), problems.toReport());
  }

  /** Reads all interactions into {@code raw}; returns where item metadata comes from. */
  abstract ItemSource readInteractions(RawInteractions raw, ProblemCollector problems)
      throws IOException;

  /** The main interaction file, for messages. */
  abstract Path interactionFile();

  /** Item metadata for the surviving items. */
  interface ItemSource {
    /** The metadata of the wanted ids that have any (others get an empty title). */
    Map<String, Item> read(Set<String> wanted, ProblemCollector problems) throws IOException;

    /** The metadata file, or null when there is none. */
    Path file();

    /** No metadata at all. */
    static ItemSource none() {
      return of(Map.of(), null);
    }

    /** Metadata already read (an authoritative item file read before the interactions). */
    static ItemSource of(Map<String, Item> items, Path file) {
      return new ItemSource() {
        @Override
        public Map<String, Item> read(Set<String> wanted, ProblemCollector problems) {
          return items;
        }

        @Override
        public Path file() {
          return file;
        }
      };
    }

    /** Metadata read from a file after preprocessing, keeping only the wanted items. */
    static ItemSource fromFile(Path file, boolean decodeHtml) {
      return new ItemSource() {
        @Override
        public Map<String, Item> read(Set<String> wanted, ProblemCollector problems)
            throws IOException {
          return new ItemMetadataReader(decodeHtml).read(file, wanted, problems);
        }

        @Override
        public Path file() {
          return file;
        }
      };
    }
  }
}
