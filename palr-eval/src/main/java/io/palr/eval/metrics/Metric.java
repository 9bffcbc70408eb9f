package io.palr.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A top-K ranking metric for leave-one-out evaluation, where every user has exactly one target
 * item. A metric maps the 1-based position of the target in the user's ranking to a value in {@code
 * [0, 1]}; a target that was not ranked (for example, missing from a retriever's list) scores 0.
 *
 * <p>Metrics are immutable values; parse one from its name with {@link #parse(String)}.
 */
public sealed interface Metric permits HitRate, Ndcg, ReciprocalRank {

  /** No cutoff: every position counts. */
  int NO_CUTOFF = Integer.MAX_VALUE;

  /** The display name, e.g. {@code HR@10}, {@code NDCG@10}, {@code MRR}. */
  String name();

  /** The cutoff K: positions above it score 0; {@link #NO_CUTOFF} when none. */
  int cutoff();

  /**
   * The value for a target at a 1-based position.
   *
   * @param position the target's position, at least 1
   * @return the metric value, 0 when the position is beyond the cutoff
   */
  double atPosition(int position);

  /**
   * The mean value over the consecutive positions {@code first .. first+count-1}: the expected
   * value when the target ties with {@code count-1} other items and the tie is broken uniformly at
   * random.
   *
   * @param first the best position in the tie, at least 1
   * @param count the number of tied positions, at least 1
   */
  default double expectedOver(int first, int count) {
    checkPosition(first);
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1: " + count);
    }
    long last = (long) first + count - 1;
    long end = Math.min(last, cutoff());
    double sum = 0;
    for (long p = first; p <= end; p++) {
      sum += atPosition((int) p);
    }
    return sum / count;
  }

  /** Hit rate at K: 1 when the target is in the top K. */
  static Metric hr(int k) {
    return new HitRate(k);
  }

  /** NDCG at K with one relevant item: {@code 1 / log2(position + 1)} in the top K, else 0. */
  static Metric ndcg(int k) {
    return new Ndcg(k);
  }

  /** Mean reciprocal rank over the full ranking: {@code 1 / position}. */
  static Metric mrr() {
    return new ReciprocalRank(NO_CUTOFF);
  }

  /** Reciprocal rank cut at K: {@code 1 / position} in the top K, else 0. */
  static Metric mrr(int k) {
    return new ReciprocalRank(k);
  }

  /** The usual set for the given cutoffs: HR@K and NDCG@K for each K in order, then MRR. */
  static List<Metric> standard(int... ks) {
    List<Metric> out = new ArrayList<>();
    for (int k : ks) {
      out.add(hr(k));
      out.add(ndcg(k));
    }
    out.add(mrr());
    return List.copyOf(out);
  }

  /**
   * Parses a metric name: {@code HR@K} (also {@code HIT@K}, {@code RECALL@K}), {@code NDCG@K},
   * {@code MRR} or {@code MRR@K}, case-insensitive.
   *
   * @throws IllegalArgumentException naming the text when it is not a metric
   */
  static Metric parse(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    int at = s.indexOf('@');
    String kind = at < 0 ? s : s.substring(0, at);
    Integer k = null;
    if (at >= 0) {
      try {
        k = Integer.parseInt(s.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad cutoff in metric '" + text + "'", e);
      }
    }
    switch (kind) {
      case "HR", "HIT", "RECALL" -> {
        if (k == null) {
          throw new IllegalArgumentException("metric '" + text + "' needs a cutoff, e.g. HR@10");
        }
        return hr(k);
      }
      case "NDCG" -> {
        if (k == null) {
          throw new IllegalArgumentException("metric '" + text + "' needs a cutoff, e.g. NDCG@10");
        }
        return ndcg(k);
      }
      case "MRR" -> {
        return k == null ? mrr() : mrr(k);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown metric '" + text + "' (expected HR@K, NDCG@K, MRR or MRR@K)");
    }
  }

  /** Throws unless {@code position >= 1}. */
  static void checkPosition(int position) {
    if (position < 1) {
      throw new IllegalArgumentException("positions are 1-based: " + position);
    }
  }

  /** Throws unless {@code k >= 1}. */
  static void checkCutoff(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("cutoff K must be >= 1: " + k);
    }
  }
}
