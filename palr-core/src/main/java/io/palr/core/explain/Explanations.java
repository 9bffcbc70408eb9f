package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.api.ProfileGenerator;
import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.explain.AttributeMatch;
import io.palr.api.explain.Evidence;
import io.palr.api.explain.EvidenceSource;
import io.palr.api.explain.Explainer;
import io.palr.api.explain.Explanation;
import io.palr.api.explain.ItemOrigin;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.core.parse.TitleNormalizer;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.Domain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explanation stage: gathers the {@link Evidence} of every item of a {@link Recommendation}
 * (supports from each {@link EvidenceSource} in the order configured, the item's genres, brand and
 * decade that the user's profile also has, its origin, its popularity) and attaches the {@link
 * Explainer}'s {@link Explanation} to each {@link RankedItem}. It never changes which items are
 * recommended or their order. Use it through {@link
 * io.palr.core.pipeline.Palr.Builder#explanations} or on its own, after the fact, with {@link
 * #explain}. Immutable and thread-safe when its sources and explainer are.
 */
public final class Explanations {
  private static final Logger LOG = LoggerFactory.getLogger(Explanations.class);

  private final CoOccurrenceEvidence coOccurrence;
  private final List<EvidenceSource> sources;
  private final Explainer explainer;
  private final ProfileGenerator profiles;
  private final int supportsPerSource;

  private Explanations(Builder b) {
    this.coOccurrence = b.coOccurrence;
    List<EvidenceSource> all = new ArrayList<>();
    if (b.coOccurrence != null) {
      all.add(b.coOccurrence);
    }
    all.addAll(b.sources);
    this.sources = List.copyOf(all);
    this.explainer = b.explainer != null ? b.explainer : new TemplateExplainer(b.domain);
    this.profiles = b.profiles != null ? b.profiles : new AttributeProfileGenerator();
    this.supportsPerSource = b.supportsPerSource;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The explainer writing the sentences. */
  public Explainer explainer() {
    return explainer;
  }

  /** The evidence sources, in the order their supports are listed. */
  public List<EvidenceSource> sources() {
    return sources;
  }

  /**
   * The recommendation with an explanation on every item; items, order and provenance unchanged.
   *
   * @param history the history the recommendation was made for, oldest first
   */
  public Recommendation explain(UserHistory history, Recommendation recommendation) {
    List<Evidence> evidence = evidence(history, recommendation);
    List<Explanation> explanations = explainer.explainAll(evidence);
    if (explanations.size() != evidence.size()) {
      throw new IllegalStateException(
          "explainer '"
              + explainer.name()
              + "' returned "
              + explanations.size()
              + " explanations for "
              + evidence.size()
              + " items");
    }
    List<RankedItem> items = new ArrayList<>(evidence.size());
    for (int i = 0; i < evidence.size(); i++) {
      items.add(recommendation.items().get(i).withExplanation(explanations.get(i)));
    }
    return new Recommendation(recommendation.userId(), items, recommendation.provenance());
  }

  /** The evidence of each recommended item, in order. */
  public List<Evidence> evidence(UserHistory history, Recommendation recommendation) {
    Objects.requireNonNull(history, "history");
    List<Item> items = recommendation.itemList();
    List<List<Support>> supports = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      supports.add(new ArrayList<>());
    }
    boolean cold = recommendation.provenance().status() == RankingStatus.COLD_START;
    if (!cold && !history.isEmpty() && !items.isEmpty()) {
      for (EvidenceSource s : sources) {
        List<List<Support>> found;
        try {
          found = s.supports(history, items, supportsPerSource);
        } catch (RuntimeException e) {
          // evidence is an extra: a failing source leaves its supports out, never the items
          LOG.warn("evidence source {} failed for user {}: {}", s.name(), history.userId(), e);
          continue;
        }
        for (int i = 0; i < items.size() && i < found.size(); i++) {
          List<Support> f = found.get(i);
          supports.get(i).addAll(f.subList(0, Math.min(supportsPerSource, f.size())));
        }
      }
    }
    UserProfile profile = recommendation.provenance().profile();
    if (profile.keywords().isEmpty() && !cold) {
      profile = profiles.profile(history);
    }
    List<String[]> keywords = new ArrayList<>(profile.keywords().size());
    for (String k : profile.keywords()) {
      String n = TitleNormalizer.normalize(k);
      if (!n.isEmpty()) {
        keywords.add(n.split(" "));
      }
    }
    boolean llm = recommendation.provenance().status() == RankingStatus.LLM_RANKED;
    List<Evidence> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      RankedItem r = recommendation.items().get(i);
      ItemOrigin origin =
          !llm
              ? ItemOrigin.RETRIEVER
              : r.llmRanked() ? ItemOrigin.LLM_RANKED : ItemOrigin.BACK_FILLED;
      Optional<Popularity> pop =
          coOccurrence == null ? Optional.empty() : coOccurrence.popularity(r.item());
      out.add(
          new Evidence(
              r.item(),
              origin,
              r.retriever(),
              cold ? 0 : history.size(),
              supports.get(i),
              cold ? List.of() : attributes(r.item(), keywords),
              pop));
    }
    return out;
  }

  /** The item's genres, brand and decade that match a profile keyword, in keyword order. */
  static List<AttributeMatch> attributes(Item item, List<String[]> keywords) {
    List<AttributeMatch> own = new ArrayList<>();
    for (String g : item.genres()) {
      own.add(new AttributeMatch(AttributeMatch.GENRE, g.toLowerCase(Locale.ROOT)));
    }
    item.brand().ifPresent(b -> own.add(new AttributeMatch(AttributeMatch.BRAND, b)));
    item.year()
        .ifPresent(y -> own.add(new AttributeMatch(AttributeMatch.DECADE, (y / 10 * 10) + "s")));
    List<AttributeMatch> out = new ArrayList<>();
    for (String[] k : keywords) {
      for (AttributeMatch a : own) {
        String n = TitleNormalizer.normalize(a.value());
        if (!n.isEmpty() && !out.contains(a) && containsRun(k, n.split(" "))) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** Whether {@code words} contains {@code run} as consecutive words. */
  private static boolean containsRun(String[] words, String[] run) {
    for (int i = 0; i + run.length <= words.length; i++) {
      if (Arrays.equals(words, i, i + run.length, run, 0, run.length)) {
        return true;
      }
    }
    return false;
  }

  /** Builder of {@link Explanations}; not thread-safe. */
  public static final class Builder {
    private CoOccurrenceEvidence coOccurrence;
    private final List<EvidenceSource> sources = new ArrayList<>();
    private Explainer explainer;
    private ProfileGenerator profiles;
    private Domain domain = Domain.MOVIES;
    private int supportsPerSource = 3;

    private Builder() {}

    /**
     * Co-occurrence evidence from the training split: the first source, and the popularity of items
     * for users without history.
     */
    public Builder coOccurrence(CoOccurrenceEvidence evidence) {
      this.coOccurrence = Objects.requireNonNull(evidence, "evidence");
      return this;
    }

    /**
     * A further evidence source (text similarity, a retriever's attention), listed after the ones
     * before.
     */
    public Builder evidence(EvidenceSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /** The explainer (default a {@link TemplateExplainer} in the {@link #domain}). */
    public Builder explainer(Explainer explainer) {
      this.explainer = Objects.requireNonNull(explainer, "explainer");
      return this;
    }

    /** The wording of the default template (default {@link Domain#MOVIES}). */
    public Builder domain(Domain domain) {
      this.domain = Objects.requireNonNull(domain, "domain");
      return this;
    }

    /**
     * The profile whose keywords items' attributes are matched against when the recommendation
     * carries none (default {@link AttributeProfileGenerator}).
     */
    public Builder profileGenerator(ProfileGenerator profiles) {
      this.profiles = Objects.requireNonNull(profiles, "profiles");
      return this;
    }

    /** The most supports kept per source and item (default 3). */
    public Builder supportsPerSource(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("supportsPerSource must be >= 1: " + n);
      }
      this.supportsPerSource = n;
      return this;
    }

    /** Builds the stage. */
    public Explanations build() {
      return new Explanations(this);
    }
  }
}
