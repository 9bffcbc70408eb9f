package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.api.explain.AttributeMatch;
import io.palr.api.explain.Evidence;
import io.palr.api.explain.Explainer;
import io.palr.api.explain.Explanation;
import io.palr.api.explain.ExplanationStatus;
import io.palr.api.explain.ItemOrigin;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.core.prompt.Domain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the explanation sentence from the evidence alone, without a model, so every claim is
 * grounded by construction and a sentence costs microseconds. It cites the strongest supports of
 * the first source that found any, then the matched profile attributes, for example:
 *
 * <ul>
 *   <li>{@code Because you watched "Heat" and "Ronin" (watched together with it by 212 and 87
 *       people) — crime, 1990s.}
 *   <li>{@code Similar to "Heat", which you watched — crime.}
 *   <li>{@code Matches your taste for crime, 1990s, and 583 of 943 people watched it.}
 *   <li>{@code Popular with everyone: 583 of 943 people watched it.} (a user without history)
 * </ul>
 *
 * <p>With neither supports, attributes nor popularity it names the stage that chose the item.
 * Titles are written with {@link ExplanationText}. Immutable and thread-safe.
 */
public final class TemplateExplainer implements Explainer {
  /** The name used in provenance. */
  public static final String NAME = "template";

  private final Domain domain;
  private final int maxItems;
  private final int maxAttributes;

  /** A template citing at most 2 history items and 3 attributes. */
  public TemplateExplainer(Domain domain) {
    this(domain, 2, 3);
  }

  /**
   * A template.
   *
   * @param domain the wording ("watched" movies, "purchased" products)
   * @param maxItems the most history items a sentence cites, at least 1
   * @param maxAttributes the most attributes a sentence cites, at least 0
   */
  public TemplateExplainer(Domain domain, int maxItems, int maxAttributes) {
    this.domain = Objects.requireNonNull(domain, "domain");
    if (maxItems < 1 || maxAttributes < 0) {
      throw new IllegalArgumentException("need maxItems >= 1 and maxAttributes >= 0");
    }
    this.maxItems = maxItems;
    this.maxAttributes = maxAttributes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Explanation explain(Evidence e) {
    List<Support> cited = cited(e);
    List<AttributeMatch> attrs =
        e.attributes().subList(0, Math.min(maxAttributes, e.attributes().size()));
    String verb = domain.pastVerb();
    StringBuilder sb = new StringBuilder(160);
    if (!cited.isEmpty()) {
      SupportKind kind = cited.get(0).kind();
      String titles = titles(cited);
      switch (kind) {
        case CO_OCCURRENCE -> {
          sb.append("Because you ").append(verb).append(' ').append(titles);
          sb.append(" (").append(verb).append(" together with it by ");
          List<String> counts = new ArrayList<>();
          for (Support s : cited) {
            counts.add(Long.toString(Math.round(s.value())));
          }
          sb.append(and(counts));
          sb.append(
              cited.size() == 1 && Math.round(cited.get(0).value()) == 1 ? " person)" : " people)");
        }
        case TEXT_SIMILARITY ->
            sb.append("Similar to ").append(titles).append(", which you ").append(verb);
        case ATTENTION ->
            sb.append("Because you ")
                .append(verb)
                .append(' ')
                .append(titles)
                .append(", the ")
                .append(domain.plural())
                .append(" the ")
                .append(ExplanationText.clean(e.retriever()))
                .append(" model weighed most in your history");
      }
      if (!attrs.isEmpty()) {
        sb.append(" \u2014 ").append(attributes(attrs));
      }
    } else if (!attrs.isEmpty()) {
      sb.append("Matches your taste for ").append(attributes(attrs));
      e.popularity()
          .filter(p -> p.users() > 0)
          .ifPresent(p -> sb.append(", and ").append(popularity(p)));
    } else if (e.popularity().isPresent() && e.popularity().get().users() > 0) {
      sb.append(e.historySize() == 0 ? "Popular with everyone: " : "A popular pick: ")
          .append(popularity(e.popularity().get()));
    } else {
      String retriever = ExplanationText.clean(e.retriever());
      if (e.origin() == ItemOrigin.LLM_RANKED) {
        sb.append("Chosen for you by the language model among the ")
            .append(retriever)
            .append(" retriever's suggestions");
      } else {
        sb.append("Suggested by the ").append(retriever).append(" retriever");
        sb.append(e.historySize() == 0 ? " for new users" : " from your history");
      }
    }
    sb.append('.');
    List<Item> items = new ArrayList<>(cited.size());
    for (Support s : cited) {
      items.add(s.item());
    }
    return new Explanation(sb.toString(), e, items, attrs, NAME, ExplanationStatus.TEMPLATE, "");
  }

  /** The supports the sentence cites: distinct items of the first kind found, strongest first. */
  private List<Support> cited(Evidence e) {
    if (e.supports().isEmpty()) {
      return List.of();
    }
    SupportKind kind = e.supports().get(0).kind();
    List<Support> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Support s : e.supports(kind)) {
      if (out.size() < maxItems && seen.add(s.item().id())) {
        out.add(s);
      }
    }
    return out;
  }

  private String popularity(Popularity p) {
    return p.users() + " of " + p.totalUsers() + " people " + domain.pastVerb() + " it";
  }

  private static String titles(List<Support> supports) {
    List<String> t = new ArrayList<>(supports.size());
    for (Support s : supports) {
      t.add(ExplanationText.quoted(s.item()));
    }
    return and(t);
  }

  private static String attributes(List<AttributeMatch> attrs) {
    List<String> v = new ArrayList<>(attrs.size());
    for (AttributeMatch a : attrs) {
      v.add(ExplanationText.clean(a.value()));
    }
    return String.join(", ", v);
  }

  private static String and(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }
}
