package io.palr.eval.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The item-cold-start table: every system's HR@K and NDCG@K over the whole catalogue (cold items
 * included) for the cold test users (test item cold) and the warm ones, with the chance level of
 * the candidate list and paired significance tests.
 *
 * @param description the cold items and the split, one line
 * @param candidates the row name of the LLM's candidate retriever
 * @param k the list length
 * @param groups the cold group, then the warm group
 */
public record ColdStartTable(String description, String candidates, int k, List<Group> groups) {

  /** Copies the groups. */
  public ColdStartTable {
    groups = List.copyOf(groups);
  }

  /**
   * One user group.
   *
   * @param name "cold" or "warm"
   * @param users evaluated users
   * @param rows one per system, in table order
   * @param chanceHr HR@K of a random order of the candidate list
   * @param chanceNdcg NDCG@K of a random order of the candidate list
   * @param recall share of the users whose test item is in the candidate list
   * @param significance one line per comparison: the best system against each other, and PALR-v2
   *     against its candidate retriever's order (paired t-test and bootstrap)
   */
  public record Group(
      String name,
      int users,
      List<Row> rows,
      double chanceHr,
      double chanceNdcg,
      double recall,
      List<String> significance,
      List<String> examples) {
    /** Copies the lists. */
    public Group {
      rows = List.copyOf(rows);
      significance = List.copyOf(significance);
      examples = List.copyOf(examples);
    }

    /** The row of the named system. */
    public Row row(String system) {
      return rows.stream()
          .filter(r -> r.system().equals(system))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no system '" + system + "'"));
    }
  }

  /**
   * One system in one group.
   *
   * @param system the system
   * @param hr HR@K
   * @param ndcg NDCG@K
   */
  public record Row(String system, double hr, double ndcg) {}

  /** The group named {@code name}. */
  public Group group(String name) {
    return groups.stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group '" + name + "'"));
  }

  /** The table as fixed-width text, both groups side by side, then the tests. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("Item cold start: ").append(description).append('\n');
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-26s", "system"));
    for (Group g : groups) {
      String title = g.name() + " test users (" + g.users() + ")";
      head.append(String.format(Locale.ROOT, " | %-19s", title));
    }
    sb.append(head).append('\n');
    StringBuilder sub = new StringBuilder(String.format(Locale.ROOT, "%-26s", ""));
    for (int i = 0; i < groups.size(); i++) {
      sub.append(String.format(Locale.ROOT, " | %8s %10s", "HR@" + k, "NDCG@" + k));
    }
    sb.append(sub).append('\n').append("-".repeat(head.length())).append('\n');
    List<Row> first = groups.get(0).rows();
    for (int r = 0; r < first.size(); r++) {
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%-26s", first.get(r).system()));
      for (Group g : groups) {
        Row row = g.rows().get(r);
        line.append(String.format(Locale.ROOT, " | %8.4f %10.4f", row.hr(), row.ndcg()));
      }
      sb.append(line).append('\n');
    }
    StringBuilder chance =
        new StringBuilder(String.format(Locale.ROOT, "%-26s", "chance (" + candidates + " list)"));
    for (Group g : groups) {
      chance.append(String.format(Locale.ROOT, " | %8.4f %10.4f", g.chanceHr(), g.chanceNdcg()));
    }
    sb.append(chance).append('\n');
    for (Group g : groups) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s users: the test item is in the %s candidate list for %.1f%%%n",
              g.name(),
              candidates,
              100 * g.recall()));
      for (String s : g.significance()) {
        sb.append("  ").append(s).append('\n');
      }
      for (String s : g.examples()) {
        sb.append("  ").append(s).append('\n');
      }
    }
    return sb.toString();
  }
}
