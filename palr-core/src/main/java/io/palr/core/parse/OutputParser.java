package io.palr.core.parse;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.Prompt;
import io.palr.data.Catalog;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Turns generated text into candidates. The text is read one line at a time up to the first line
 * starting with {@code ###} (the model beginning another section); list numbering, bullets and
 * surrounding quotes are stripped; each line is matched to a candidate by {@link TitleMatcher}; a
 * line that matches nothing as a whole is also tried split at {@code ;} / {@code |} / {@code ,}
 * (models sometimes answer on one line). Only candidates are returned, each at most once.
 *
 * <p>Accounting of dropped lines: with a catalogue ({@link Builder#catalog}), a line naming a
 * catalogue item that is not a candidate is a <em>hallucination</em> and a line naming no item is a
 * <em>parse failure</em>. Without one, a line that looks like a name (has a letter, at most 12
 * words) counts as a hallucination and anything else (a sentence, punctuation) as a parse failure.
 * Immutable and thread-safe.
 */
public final class OutputParser {
  private static final Pattern LIST_MARKER =
      Pattern.compile(
          "^(?:[-*+•·>]+\\s*|\\(?\\d{1,3}[.):]\\s*|#\\d{1,3}[.):]?\\s*|(?:item|answer)\\s*\\d*\\s*:\\s*)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SPLIT = Pattern.compile("\\s*[;|]\\s*|,\\s+");
  private static final Pattern COMMENT = Pattern.compile("\\s+[-\u2013\u2014:]\\s+");
  private static final int MAX_LINES = 500;
  private static final int MAX_LINE_CHARS = 400;
  private static final int MAX_REJECTED = 20;
  private static final int MAX_NAME_WORDS = 12;

  private final double fuzzyThreshold;
  private final boolean matchIds;
  private final TitleMatcher universe;

  private OutputParser(Builder b) {
    this.fuzzyThreshold = b.fuzzyThreshold;
    this.matchIds = b.matchIds;
    this.universe = b.catalog == null ? null : catalogMatcher(b.catalog);
  }

  /** A parser with default settings: fuzzy threshold 0.8, no id matching, no catalogue. */
  public static OutputParser defaults() {
    return builder().build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses model output against the candidates as the prompt rendered them.
   *
   * @param output the generated text
   * @param candidates the candidates with their renderings, as in {@link
   *     Prompt#renderedCandidates()}
   */
  public ParsedOutput parse(String output, List<Prompt.RenderedCandidate> candidates) {
    TitleMatcher matcher = candidateMatcher(candidates);
    BitSet used = new BitSet(candidates.size());
    List<Candidate> items = new ArrayList<>();
    List<MatchKind> kinds = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    int hallucinations = 0;
    int failures = 0;
    int duplicates = 0;
    boolean seenContent = false;
    String[] lines = output.split("\\R", MAX_LINES + 1);
    for (int li = 0; li < Math.min(lines.length, MAX_LINES); li++) {
      String raw = lines[li].strip();
      if (raw.startsWith("###")) {
        if (seenContent) {
          break;
        }
        continue;
      }
      if (raw.length() > MAX_LINE_CHARS) {
        raw = raw.substring(0, MAX_LINE_CHARS);
      }
      String line = clean(raw);
      if (line.isEmpty()) {
        continue;
      }
      seenContent = true;
      List<TitleMatcher.Match> matches = new ArrayList<>();
      List<String> unmatched = new ArrayList<>();
      matchLine(matcher, raw, line, i -> !used.get(i), matches, unmatched);
      for (TitleMatcher.Match m : matches) {
        if (used.get(m.index())) {
          duplicates++;
        } else {
          used.set(m.index());
          items.add(candidates.get(m.index()).candidate());
          kinds.add(m.kind());
        }
      }
      for (String u : unmatched) {
        if (isHallucination(u)) {
          hallucinations++;
        } else {
          failures++;
        }
        if (rejected.size() < MAX_REJECTED) {
          rejected.add(u);
        }
      }
    }
    return new ParsedOutput(items, kinds, hallucinations, failures, duplicates, rejected);
  }

  /**
   * Matches one cleaned line, most trustworthy reading first: the whole line strictly; a one-line
   * list split at separators (when two or more parts match strictly); the line without a trailing
   * comment ({@code "Heat - a thriller"}); the whole line loosely (prefix, fuzzy); the split parts
   * loosely.
   */
  private static void matchLine(
      TitleMatcher matcher,
      String raw,
      String line,
      IntPredicate free,
      List<TitleMatcher.Match> matches,
      List<String> unmatched) {
    Optional<TitleMatcher.Match> whole = matcher.match(raw, free, false);
    if (whole.isEmpty()) {
      whole = matcher.match(line, free, false);
    }
    if (whole.isPresent()) {
      matches.add(whole.get());
      return;
    }
    String[] parts = SPLIT.split(line);
    if (parts.length > 1 && splitMatch(matcher, parts, free, false, matches, unmatched) >= 2) {
      return;
    }
    matches.clear();
    unmatched.clear();
    java.util.regex.Matcher comment = COMMENT.matcher(line);
    if (comment.find() && comment.start() > 0) {
      Optional<TitleMatcher.Match> head =
          matcher.match(clean(line.substring(0, comment.start())), free, false);
      if (head.isPresent()) {
        matches.add(head.get());
        return;
      }
    }
    Optional<TitleMatcher.Match> loose = matcher.match(line, free, true);
    if (loose.isPresent()) {
      matches.add(loose.get());
      return;
    }
    if (parts.length > 1 && splitMatch(matcher, parts, free, true, matches, unmatched) >= 1) {
      return;
    }
    matches.clear();
    unmatched.clear();
    unmatched.add(line);
  }

  private static int splitMatch(
      TitleMatcher matcher,
      String[] parts,
      IntPredicate free,
      boolean loose,
      List<TitleMatcher.Match> matches,
      List<String> unmatched) {
    int n = 0;
    BitSet taken = new BitSet();
    for (String p : parts) {
      String part = clean(p);
      if (part.isEmpty()) {
        continue;
      }
      Optional<TitleMatcher.Match> m =
          matcher.match(part, i -> free.test(i) && !taken.get(i), loose);
      if (m.isPresent()) {
        matches.add(m.get());
        taken.set(m.get().index());
        n++;
      } else {
        unmatched.add(part);
      }
    }
    return n;
  }

  private boolean isHallucination(String text) {
    if (universe != null) {
      return universe.match(text).isPresent();
    }
    return text.chars().anyMatch(Character::isLetter)
        && text.split("\\s+").length <= MAX_NAME_WORDS;
  }

  private TitleMatcher candidateMatcher(List<Prompt.RenderedCandidate> candidates) {
    List<List<String>> aliases = new ArrayList<>(candidates.size());
    List<String> ids = new ArrayList<>(candidates.size());
    for (Prompt.RenderedCandidate rc : candidates) {
      Item item = rc.candidate().item();
      List<String> a = new ArrayList<>(List.of(rc.rendered()));
      if (item.hasTitle()) {
        a.add(item.title());
        a.addAll(TitleNormalizer.alternatives(item.title()));
      }
      aliases.add(a);
      ids.add(item.id());
    }
    return new TitleMatcher(aliases, matchIds ? ids : null, fuzzyThreshold);
  }

  private TitleMatcher catalogMatcher(Catalog catalog) {
    List<List<String>> aliases = new ArrayList<>(catalog.size());
    List<String> ids = new ArrayList<>(catalog.size());
    for (Item item : catalog.items()) {
      aliases.add(item.hasTitle() ? List.of(item.title()) : List.of());
      ids.add(item.id());
    }
    // exact and normalised matching only: fuzzy matching against a whole catalogue is slow and
    // would over-count
    return new TitleMatcher(aliases, matchIds ? ids : null, Double.NaN);
  }

  /** Strips list markers, surrounding quotes and trailing punctuation from one line. */
  static String clean(String line) {
    String s = line.strip();
    String prev;
    do {
      prev = s;
      s = LIST_MARKER.matcher(s).replaceFirst("").strip();
      s = unquote(s);
    } while (!s.equals(prev));
    while (!s.isEmpty() && ".,;:".indexOf(s.charAt(s.length() - 1)) >= 0) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static String unquote(String s) {
    if (s.length() >= 2) {
      char a = s.charAt(0);
      char z = s.charAt(s.length() - 1);
      if ((a == '"' && z == '"')
          || (a == '\'' && z == '\'')
          || (a == '`' && z == '`')
          || (a == '\u201c' && z == '\u201d')
          || (a == '*' && z == '*')) {
        return s.substring(1, s.length() - 1).strip();
      }
    }
    return s;
  }

  /** Builder of {@link OutputParser}; not thread-safe. */
  public static final class Builder {
    private double fuzzyThreshold = 0.8;
    private boolean matchIds;
    private Catalog catalog;

    private Builder() {}

    /**
     * The similarity a fuzzy match needs, in (0, 1], default 0.8; {@code Double.NaN} disables fuzzy
     * matching.
     */
    public Builder fuzzyThreshold(double threshold) {
      this.fuzzyThreshold = threshold;
      return this;
    }

    /**
     * Whether a line may name a candidate by its id (default false): enable it when prompts show
     * ids (e.g. {@link io.palr.core.prompt.ItemStyle#ID_AND_TITLE}); with numeric ids a stray
     * number would otherwise match.
     */
    public Builder matchIds(boolean matchIds) {
      this.matchIds = matchIds;
      return this;
    }

    /**
     * The catalogue, to tell hallucinated items (real but not candidates) from lines naming
     * nothing.
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = catalog;
      return this;
    }

    /** Builds the parser. */
    public OutputParser build() {
      if (!Double.isNaN(fuzzyThreshold) && !(fuzzyThreshold > 0 && fuzzyThreshold <= 1)) {
        throw new IllegalArgumentException("fuzzyThreshold must be in (0, 1]: " + fuzzyThreshold);
      }
      return new OutputParser(this);
    }
  }
}
