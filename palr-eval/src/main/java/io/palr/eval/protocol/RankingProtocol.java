package io.palr.eval.protocol;

/**
 * Against which items the target is ranked.
 *
 * <p>{@link Full} (the default) ranks the target against every catalogue item except the user's
 * known items: the unbiased protocol. {@link Sampled} ranks it against {@code n} sampled negatives
 * only, as in the SASRec and PALR papers (100 negatives); sampled metrics are inflated and can even
 * reorder systems (Krichene and Rendle, KDD 2020), so report which protocol produced a number. The
 * sampled protocol needs per-item scores, so it is available only for {@link
 * io.palr.api.scoring.ItemScorer}s.
 */
public sealed interface RankingProtocol {

  /** A short description for reports. */
  String describe();

  /** Ranking over all items. */
  static RankingProtocol full() {
    return new Full();
  }

  /** Ranking among {@code negatives} uniformly sampled negatives, seeded. */
  static RankingProtocol sampled(int negatives, long seed) {
    return new Sampled(negatives, NegativeSampling.UNIFORM, seed);
  }

  /** Ranking among {@code negatives} negatives drawn with the given strategy, seeded. */
  static RankingProtocol sampled(int negatives, NegativeSampling sampling, long seed) {
    return new Sampled(negatives, sampling, seed);
  }

  /** Full ranking: the target against every catalogue item except the user's known items. */
  record Full() implements RankingProtocol {
    @Override
    public String describe() {
      return "full ranking";
    }
  }

  /**
   * Sampled ranking: the target against {@code negatives} distinct items that are neither the
   * target nor in the user's history (fewer when the catalogue has fewer eligible items).
   *
   * @param negatives the number of negatives per user, at least 1
   * @param sampling how negatives are drawn
   * @param seed the seed; each user's negatives depend only on it and the user's index
   */
  record Sampled(int negatives, NegativeSampling sampling, long seed) implements RankingProtocol {
    /** Validates the components. */
    public Sampled {
      if (negatives < 1) {
        throw new IllegalArgumentException("negatives must be >= 1: " + negatives);
      }
      java.util.Objects.requireNonNull(sampling, "sampling");
    }

    @Override
    public String describe() {
      return "sampled ranking, "
          + negatives
          + " "
          + sampling.name().toLowerCase(java.util.Locale.ROOT)
          + " negatives (seed "
          + seed
          + ")";
    }
  }
}
