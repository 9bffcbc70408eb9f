package io.palr.data.synthetic;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates a deterministic synthetic movie catalogue and user histories with structure a
 * sequential recommender and an LLM ranker can learn, for demos and fast tests. No real data is
 * ever shipped with palr.
 *
 * <p>The catalogue consists of <em>franchises</em>: chains of 1 to 5 titled films ("Harbor of
 * Stars", "Harbor of Stars II", ...) sharing a genre, a studio and increasing years. Each franchise
 * has a few <em>related</em> franchises of the same genre. Each user prefers two genres. A history
 * is a walk: with probability {@link Config#sequelProbability()} the user watches the next film of
 * the current franchise, otherwise with probability {@link Config#relatedProbability()} the first
 * film of a related franchise, otherwise a popular film of a preferred genre (popularity is
 * Zipf-distributed). A user never watches a film twice.
 *
 * <p>With {@link Config#lateSequelRate()} above 0 (the item-cold-start demo, {@link
 * Config#coldStartDemo()}), that share of the franchises with a sequel has its last film released
 * late: nobody can watch it before the release time (90% into the span of user start times), and
 * from then on a user who has seen the film before it watches it next with probability {@value
 * #RETURN_PROBABILITY}. These films are the newest items by first interaction, so an
 * item-cold-start split keeps them out of training; what points to them is their title ("... IV"
 * after "... III"), a signal an ID-based model cannot use. With the rate 0 (the default) the data
 * are exactly those of earlier versions.
 */
public final class SyntheticDataset {

  /** Genres used by the generator, in a fixed order. */
  public static final List<String> GENRES =
      List.of(
          "Action",
          "Comedy",
          "Drama",
          "Horror",
          "Romance",
          "Sci-Fi",
          "Fantasy",
          "Animation",
          "Thriller",
          "Documentary",
          "Musical",
          "Western");

  private static final String[] ADJECTIVES = {
    "Silent", "Crimson", "Hidden", "Last", "Golden", "Broken", "Midnight", "Frozen", "Electric",
        "Wild", "Lonely",
    "Secret", "Burning", "Distant", "Hollow", "Iron", "Velvet", "Savage", "Gentle", "Shattered",
        "Eternal", "Lucky",
    "Restless", "Painted", "Forgotten", "Neon", "Quiet", "Rising", "Falling", "Scarlet"
  };
  private static final String[] NOUNS = {
    "Harbor", "Garden", "Empire", "River", "Kingdom", "Mirror", "Highway", "Forest", "Signal",
        "Horizon", "Machine",
    "Voyage", "Island", "Shadow", "Crown", "Letter", "Orchard", "Station", "Canyon", "Lantern",
        "Circus", "Planet",
    "Winter", "Summer", "Dragon", "Detective", "Orchestra", "Frontier", "Castle", "Comet"
  };
  private static final String[] STUDIOS = {
    "Northlight Pictures",
    "Bluebird Studios",
    "Atlas Films",
    "Paper Moon",
    "Red Kite",
    "Stonebridge",
    "Lumen",
    "Harborview"
  };
  private static final String[] NUMERALS = {"", " II", " III", " IV", " V"};

  /** Probability that a user watches a released late sequel right after its predecessor. */
  public static final double RETURN_PROBABILITY = 0.7;

  private static final int RECENT = 3;

  private static final long START = 946_684_800L;
  private static final int START_SPAN = 300_000_000;
  private static final long DAY = 86_400;

  /** In late mode every history ends within 3 days before this cut-off ... */
  private static final long CUT_OFF = START + START_SPAN;

  /** ... and the late films are released this long before it. */
  private static final long RELEASE_BEFORE_CUT_OFF = 12 * DAY;

  /**
   * Generator settings.
   *
   * @param numUsers number of users
   * @param numFranchises number of franchises (the catalogue has about 2.5 items per franchise)
   * @param minLength minimum history length
   * @param maxLength maximum history length
   * @param sequelProbability probability that the next item continues the current franchise
   * @param relatedProbability probability of jumping to a related franchise when not continuing
   * @param seed random seed
   * @param lateSequelRate share of the franchises with a sequel whose last film is released late (0
   *     = none, the default)
   */
  public record Config(
      int numUsers,
      int numFranchises,
      int minLength,
      int maxLength,
      double sequelProbability,
      double relatedProbability,
      long seed,
      double lateSequelRate) {
    /** Validates the settings. */
    public Config {
      if (numUsers < 1 || numFranchises < 4) {
        throw new IllegalArgumentException("need at least 1 user and 4 franchises");
      }
      if (minLength < 1 || maxLength < minLength) {
        throw new IllegalArgumentException("bad length range " + minLength + ".." + maxLength);
      }
      if (sequelProbability < 0
          || relatedProbability < 0
          || sequelProbability > 1
          || relatedProbability > 1) {
        throw new IllegalArgumentException("probabilities must be in [0, 1]");
      }
      if (!(lateSequelRate >= 0 && lateSequelRate <= 1)) {
        throw new IllegalArgumentException("lateSequelRate must be in [0, 1]: " + lateSequelRate);
      }
      if (numFranchises > ADJECTIVES.length * NOUNS.length) {
        throw new IllegalArgumentException(
            "at most " + ADJECTIVES.length * NOUNS.length + " franchises");
      }
    }

    /** Settings without late sequels. */
    public Config(
        int numUsers,
        int numFranchises,
        int minLength,
        int maxLength,
        double sequelProbability,
        double relatedProbability,
        long seed) {
      this(
          numUsers,
          numFranchises,
          minLength,
          maxLength,
          sequelProbability,
          relatedProbability,
          seed,
          0);
    }

    /**
     * The item-cold-start demo: the defaults with the last film of 40% of the franchises with a
     * sequel released late (about 10% of the films).
     */
    public static Config coldStartDemo() {
      return defaults().withLateSequelRate(0.4);
    }

    /** A copy with another share of late-released last sequels. */
    public Config withLateSequelRate(double rate) {
      return new Config(
          numUsers,
          numFranchises,
          minLength,
          maxLength,
          sequelProbability,
          relatedProbability,
          seed,
          rate);
    }

    /** The demo default: 1,000 users, 160 franchises (about 400 films), histories of 8 to 40. */
    public static Config defaults() {
      return new Config(1000, 160, 8, 40, 0.55, 0.5, 42);
    }

    /** A small configuration for unit tests: 200 users, 40 franchises. */
    public static Config small() {
      return new Config(200, 40, 6, 20, 0.55, 0.5, 7);
    }

    /** A copy with another number of users. */
    public Config withUsers(int users) {
      return new Config(
          users,
          numFranchises,
          minLength,
          maxLength,
          sequelProbability,
          relatedProbability,
          seed,
          lateSequelRate);
    }

    /** A copy with another seed. */
    public Config withSeed(long newSeed) {
      return new Config(
          numUsers,
          numFranchises,
          minLength,
          maxLength,
          sequelProbability,
          relatedProbability,
          newSeed,
          lateSequelRate);
    }
  }

  private SyntheticDataset() {}

  /** The demo data set with default settings. */
  public static InteractionDataset generate() {
    return generate(Config.defaults());
  }

  /**
   * Refuses settings whose data would not fit the heap, before allocating it: up to {@code
   * maxLength} interactions per user at about 40 bytes each while generating (ids, timestamps, the
   * compact copy).
   *
   * @throws IllegalArgumentException naming the sizes and the heap
   */
  public static void requireMemory(Config config) {
    long interactions = (long) config.numUsers() * config.maxLength();
    long bytes = interactions * 40 + (long) config.numUsers() * 64;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap / 2) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "synthetic data of %,d users (up to %,d interactions each) needs about %,d MB of"
                  + " heap, more than half of this JVM's %,d MB",
              config.numUsers(),
              config.maxLength(),
              bytes >> 20,
              heap >> 20));
    }
  }

  /** A data set with the given settings; the same settings always give the same data. */
  public static InteractionDataset generate(Config config) {
    requireMemory(config);
    Random rnd = new Random(config.seed());
    int f = config.numFranchises();

    // Franchises: name, genre, studio, start year, length; films laid out franchise by franchise.
    List<Item> items = new ArrayList<>();
    int[] franchiseStart = new int[f + 1];
    int[] franchiseGenre = new int[f];
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < f; i++) {
      String name;
      do {
        String adj = ADJECTIVES[rnd.nextInt(ADJECTIVES.length)];
        String noun = NOUNS[rnd.nextInt(NOUNS.length)];
        String noun2 = NOUNS[rnd.nextInt(NOUNS.length)];
        name =
            switch (rnd.nextInt(3)) {
              case 0 -> "The " + adj + " " + noun;
              case 1 -> noun + " of the " + adj + " " + noun2;
              default -> adj + " " + noun;
            };
      } while (!names.add(name));
      int genre = rnd.nextInt(GENRES.size());
      int second = rnd.nextDouble() < 0.4 ? rnd.nextInt(GENRES.size()) : genre;
      franchiseGenre[i] = genre;
      String studio = STUDIOS[rnd.nextInt(STUDIOS.length)];
      int length = 1 + Math.min(4, (int) Math.floor(-Math.log(1 - rnd.nextDouble()) * 1.6));
      int year = 1960 + rnd.nextInt(60);
      franchiseStart[i] = items.size();
      for (int k = 0; k < length; k++) {
        Item.Builder b =
            Item.builder(String.format("m%04d", items.size() + 1))
                .title(name + NUMERALS[k])
                .genre(GENRES.get(genre))
                .brand(studio)
                .year(year);
        if (second != genre) {
          b.genre(GENRES.get(second));
        }
        items.add(b.build());
        year += 2 + rnd.nextInt(3);
      }
    }
    franchiseStart[f] = items.size();
    int n = items.size();
    int[] franchiseOf = new int[n];
    for (int i = 0; i < f; i++) {
      Arrays.fill(franchiseOf, franchiseStart[i], franchiseStart[i + 1], i);
    }

    // Late sequels: drawn from their own stream so that the rest of the data keeps its draws.
    boolean late = config.lateSequelRate() > 0;
    int[] lateItems = new int[0];
    if (late) {
      Random lateRnd = new Random(config.seed() ^ 0x5EC0_1A7EL);
      List<Integer> chosen = new ArrayList<>();
      for (int i = 0; i < f; i++) {
        if (franchiseStart[i + 1] - franchiseStart[i] >= 2
            && lateRnd.nextDouble() < config.lateSequelRate()) {
          chosen.add(franchiseStart[i + 1] - 1);
        }
      }
      lateItems = chosen.stream().mapToInt(Integer::intValue).toArray();
    }
    long release = CUT_OFF - RELEASE_BEFORE_CUT_OFF;

    // Related franchises: three of the same genre where possible.
    int[][] related = new int[f][];
    for (int i = 0; i < f; i++) {
      List<Integer> same = new ArrayList<>();
      for (int j = 0; j < f; j++) {
        if (j != i && franchiseGenre[j] == franchiseGenre[i]) {
          same.add(j);
        }
      }
      while (same.size() < 3) {
        int j = rnd.nextInt(f);
        if (j != i && !same.contains(j)) {
          same.add(j);
        }
      }
      java.util.Collections.shuffle(same, rnd);
      related[i] = same.subList(0, 3).stream().mapToInt(Integer::intValue).toArray();
    }

    // Zipf popularity over franchises (random order), per genre sampling tables.
    double[] popularity = new double[f];
    int[] perm = shuffledRange(f, rnd);
    for (int r = 0; r < f; r++) {
      popularity[perm[r]] = 1.0 / Math.pow(r + 1, 0.8);
    }

    List<String> userIds = new ArrayList<>(config.numUsers());
    List<int[]> sequences = new ArrayList<>(config.numUsers());
    List<long[]> times = new ArrayList<>(config.numUsers());
    for (int u = 0; u < config.numUsers(); u++) {
      int g1 = rnd.nextInt(GENRES.size());
      int g2 = rnd.nextInt(GENRES.size());
      int len = config.minLength() + rnd.nextInt(config.maxLength() - config.minLength() + 1);
      len = Math.min(len, n);
      boolean[] seen = new boolean[n];
      int[] seq = new int[len];
      long[] ts = new long[len];
      long t;
      long[] gaps = null;
      if (late) {
        // the data set ends at a common cut-off: every history ends in its last three days
        gaps = new long[len];
        long total = 0;
        for (int p = 0; p < len; p++) {
          gaps[p] = 3600L + rnd.nextInt(14 * 86_400);
          total += gaps[p];
        }
        t = CUT_OFF - rnd.nextInt(3 * 86_400) - total;
      } else {
        t = START + rnd.nextInt(START_SPAN);
      }
      int current = -1;
      // before the release, late films count as seen: no rule can pick them
      boolean released = !late;
      for (int i : lateItems) {
        seen[i] = true;
      }
      for (int p = 0; p < len; p++) {
        int next = -1;
        if (late) {
          t += gaps[p];
          if (!released && t >= release) {
            released = true;
            for (int i : lateItems) {
              seen[i] = false;
            }
          }
          if (released) {
            next = returningTo(lateItems, seq, p, seen, rnd);
          }
        }
        if (next < 0 && current >= 0) {
          int fr = franchiseOf[current];
          if (current + 1 < franchiseStart[fr + 1]
              && !seen[current + 1]
              && rnd.nextDouble() < config.sequelProbability()) {
            next = current + 1;
          } else if (rnd.nextDouble() < config.relatedProbability()) {
            int rel = related[fr][rnd.nextInt(3)];
            next = firstUnseen(rel, franchiseStart, seen);
          }
        }
        if (next < 0) {
          next = samplePreferred(rnd, g1, g2, franchiseGenre, popularity, franchiseStart, seen);
        }
        if (next < 0) {
          next = anyUnseen(rnd, seen);
        }
        seen[next] = true;
        seq[p] = next;
        if (!late) {
          t += 3600 + rnd.nextInt(14 * 86_400);
        }
        ts[p] = t;
        current = next;
      }
      userIds.add(String.format("u%05d", u + 1));
      sequences.add(seq);
      times.add(ts);
    }
    return InteractionDataset.of("synthetic-demo", Catalog.of(items), userIds, sequences, times);
  }

  /**
   * A released late film whose predecessor is among the user's last {@value #RECENT} films, with
   * the return probability.
   */
  private static int returningTo(int[] lateItems, int[] seq, int p, boolean[] seen, Random rnd) {
    for (int q = p - 1; q >= Math.max(0, p - RECENT); q--) {
      int next = seq[q] + 1;
      if (next < seen.length
          && !seen[next]
          && Arrays.binarySearch(lateItems, next) >= 0
          && rnd.nextDouble() < RETURN_PROBABILITY) {
        return next;
      }
    }
    return -1;
  }

  private static int firstUnseen(int franchise, int[] start, boolean[] seen) {
    for (int i = start[franchise]; i < start[franchise + 1]; i++) {
      if (!seen[i]) {
        return i;
      }
    }
    return -1;
  }

  private static int samplePreferred(
      Random rnd, int g1, int g2, int[] genre, double[] popularity, int[] start, boolean[] seen) {
    double total = 0;
    for (int j = 0; j < genre.length; j++) {
      total += weight(j, g1, g2, genre, popularity);
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      double x = rnd.nextDouble() * total;
      int j = 0;
      for (; j < genre.length - 1; j++) {
        x -= weight(j, g1, g2, genre, popularity);
        if (x <= 0) {
          break;
        }
      }
      int item = firstUnseen(j, start, seen);
      if (item >= 0) {
        return item;
      }
    }
    return -1;
  }

  private static double weight(int franchise, int g1, int g2, int[] genre, double[] popularity) {
    int g = genre[franchise];
    double affinity = g == g1 ? 6.0 : g == g2 ? 3.0 : 0.15;
    return affinity * popularity[franchise];
  }

  private static int anyUnseen(Random rnd, boolean[] seen) {
    int start = rnd.nextInt(seen.length);
    for (int i = 0; i < seen.length; i++) {
      int j = (start + i) % seen.length;
      if (!seen[j]) {
        return j;
      }
    }
    throw new IllegalStateException("user has seen the whole catalogue");
  }

  private static int[] shuffledRange(int n, Random rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
}
