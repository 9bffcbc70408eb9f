package io.palr.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.Prompt;
import io.palr.core.prompt.ItemRenderer;
import io.palr.core.prompt.ItemStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Measures the matcher on the 1,682 real MovieLens-100K titles: how often a perturbed title (as an
 * LLM might write it) maps back to the right candidate, and how often a non-candidate title wrongly
 * maps to a candidate. Skips when the shared data is absent. A seeded sample of 300 titles is
 * checked by default; {@code -Dpalr.titles.all=true} checks every title.
 */
class RealTitlesMatchingTest {
  private static final int CANDIDATES = 50;

  @Test
  void perturbedTitlesMapBackAndNonCandidatesDoNot() throws IOException {
    Path uItem =
        Path.of(System.getProperty("palr.shared", "../shared"), "data", "ml-100k", "u.item");
    assumeTrue(Files.isRegularFile(uItem), "ml-100k not found at " + uItem + "; skipping");
    List<Item> items = new ArrayList<>();
    for (String line : Files.readAllLines(uItem, StandardCharsets.ISO_8859_1)) {
      String[] f = line.split("\\|", -1);
      if (f.length > 2 && !f[1].isBlank() && !f[1].equals("unknown")) {
        items.add(Item.of(f[0], f[1]));
      }
    }
    Random rnd = new Random(1);
    ItemRenderer renderer = new ItemRenderer(ItemStyle.TITLE);
    OutputParser parser = OutputParser.defaults();
    List<Function<String, String>> perturbations =
        List.of(
            t -> t,
            t -> t.replaceAll("\\s*\\(\\d{4}\\)$", "").toLowerCase(Locale.ROOT),
            t -> t.replaceAll("^(.*), (The|A|An) (\\(\\d{4}\\))$", "$2 $1 $3"),
            t -> "3. " + t + " - a classic",
            t -> t.length() > 12 ? t.substring(0, 4) + t.substring(5) : t);
    int[] hits = new int[perturbations.size()];
    int falseMatches = 0;
    List<Integer> targets = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      targets.add(i);
    }
    if (!Boolean.getBoolean("palr.titles.all")) {
      Collections.shuffle(targets, new Random(7));
      targets = targets.subList(0, Math.min(300, targets.size()));
    }
    for (int i : targets) {
      List<Item> pool = new ArrayList<>(items);
      Item target = pool.remove(i);
      Collections.shuffle(pool, rnd);
      List<Item> others = pool.subList(0, CANDIDATES - 1);
      List<Prompt.RenderedCandidate> with = rendered(renderer, others, target);
      for (int p = 0; p < perturbations.size(); p++) {
        ParsedOutput out = parser.parse(perturbations.get(p).apply(target.title()), with);
        if (out.items().size() == 1 && out.items().get(0).item().equals(target)) {
          hits[p]++;
        }
      }
      ParsedOutput absent = parser.parse(target.title(), rendered(renderer, others, null));
      falseMatches += absent.items().size();
    }
    int n = targets.size();
    System.out.printf(
        "real-title matching over %d ml-100k titles, %d candidates each:%n", n, CANDIDATES);
    String[] names = {
      "exact", "lower-case, no year", "article moved", "numbered + comment", "one char deleted"
    };
    for (int p = 0; p < hits.length; p++) {
      System.out.printf("  %-22s recall %.4f%n", names[p], (double) hits[p] / n);
    }
    System.out.printf("  non-candidate title wrongly matched: %.4f%n", (double) falseMatches / n);
    assertThat(hits[0]).isEqualTo(n);
    assertThat((double) hits[1] / n).isGreaterThan(0.97);
    assertThat((double) hits[2] / n).isGreaterThan(0.99);
    assertThat((double) hits[3] / n).isGreaterThan(0.97);
    assertThat((double) hits[4] / n).isGreaterThan(0.85);
    assertThat((double) falseMatches / n).isLessThan(0.02);
  }

  private static List<Prompt.RenderedCandidate> rendered(
      ItemRenderer r, List<Item> others, Item target) {
    List<Prompt.RenderedCandidate> out = new ArrayList<>();
    for (Item it : others) {
      out.add(new Prompt.RenderedCandidate(new Candidate(it, 0, "t"), r.render(it)));
    }
    if (target != null) {
      out.add(new Prompt.RenderedCandidate(new Candidate(target, 0, "t"), r.render(target)));
    }
    return out;
  }
}
