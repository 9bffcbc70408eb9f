package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.api.explain.AttributeMatch;
import io.palr.api.explain.Evidence;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.core.parse.TitleMatcher;
import io.palr.core.parse.TitleNormalizer;
import io.palr.data.Catalog;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a model's explanation sentence is grounded in its {@link Evidence}: every item
 * title, attribute and number it mentions must be in the evidence, and it must be a whole sentence.
 * A sentence is rejected when
 *
 * <ul>
 *   <li>it is empty, longer than {@value #MAX_CHARS} characters, or cut off (no closing {@code .},
 *       {@code !} or {@code ?}, or unbalanced double quotes);
 *   <li>a quoted span ({@code "..."}, {@code “...”}, {@code «...»}) is neither an evidence item's
 *       title nor an evidence attribute;
 *   <li>outside quotes, it names a catalogue title, a catalogue genre or brand, or a decade that is
 *       not in the evidence (with a catalogue; see {@link #forCatalog});
 *   <li>it states a number that is not a count, a popularity figure, or part of an evidence item's
 *       title or year;
 *   <li>it cites nothing at all although the evidence has something to cite.
 * </ul>
 *
 * <p>Titles are matched strictly (exact, normalised, without parenthesised parts) with the same
 * {@link TitleNormalizer} as output parsing; no fuzzy matching. Unquoted mentions are found by
 * looking up the sentence's word n-grams among the normalised catalogue titles; to keep ordinary
 * words from counting as titles, an unquoted foreign title must start with a capital letter, and a
 * one-word one must have at least 4 characters and not open the sentence. Immutable and
 * thread-safe.
 */
public final class GroundingCheck {
  /** The longest accepted sentence, in characters. */
  public static final int MAX_CHARS = 320;

  private static final Pattern QUOTED =
      Pattern.compile("\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|\u00ab([^\u00bb]*)\u00bb");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+|&");
  private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<=\\d),(?=\\d{3})");
  private static final Pattern DECADE = Pattern.compile("(1[89]|20)\\d0s");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final int MAX_TITLE_WORDS = 40;

  /**
   * The outcome.
   *
   * @param grounded whether the sentence may be shown
   * @param sentence the sentence as it would be shown (first line, whitespace collapsed, angle
   *     brackets neutralised); empty when rejected
   * @param citedItems the evidence's supporting items the sentence mentions, in evidence order
   * @param citedAttributes the evidence's attributes the sentence mentions, in evidence order
   * @param reason why it was rejected; empty when grounded
   */
  public record Verdict(
      boolean grounded,
      String sentence,
      List<Item> citedItems,
      List<AttributeMatch> citedAttributes,
      String reason) {
    /** Defensively copies the components. */
    public Verdict {
      citedItems = List.copyOf(citedItems);
      citedAttributes = List.copyOf(citedAttributes);
    }

    static Verdict rejected(String reason) {
      return new Verdict(false, "", List.of(), List.of(), reason);
    }
  }

  private final Map<String, String> catalogueTitles; // normalised key -> a title, for messages
  private final Set<String> vocabulary; // normalised catalogue genres and brands
  private final int maxTitleWords;

  private GroundingCheck(Map<String, String> titles, Set<String> vocabulary, int maxTitleWords) {
    this.catalogueTitles = titles;
    this.vocabulary = vocabulary;
    this.maxTitleWords = maxTitleWords;
  }

  /** A check that knows no catalogue: quoted spans, numbers and decades are still checked. */
  public static GroundingCheck withoutCatalog() {
    return new GroundingCheck(Map.of(), Set.of(), 1);
  }

  /**
   * A check that also rejects unquoted mentions of the catalogue's titles, genres and brands that
   * are not in the evidence.
   */
  public static GroundingCheck forCatalog(Catalog catalog) {
    Map<String, String> titles = new HashMap<>();
    Set<String> vocab = new HashSet<>();
    int longest = 1;
    for (Item it : catalog.items()) {
      for (String key : keys(it)) {
        if (key.chars().allMatch(c -> Character.isDigit(c) || c == ' ')) {
          continue; // numbers are checked as numbers
        }
        titles.putIfAbsent(key, it.title());
        longest = Math.max(longest, key.split(" ").length);
      }
      for (String g : it.genres()) {
        addWord(vocab, g);
      }
      it.brand().ifPresent(b -> addWord(vocab, b));
    }
    vocab.remove("unknown");
    vocab.remove("no genres listed");
    return new GroundingCheck(titles, vocab, Math.min(MAX_TITLE_WORDS, longest));
  }

  /** Checks a model's output against the evidence. */
  public Verdict check(String output, Evidence evidence) {
    Objects.requireNonNull(evidence, "evidence");
    String line = firstLine(output);
    if (line.isEmpty()) {
      return Verdict.rejected("empty sentence");
    }
    if (line.length() > MAX_CHARS) {
      return Verdict.rejected("too long (" + line.length() + " characters)");
    }
    if (!endsSentence(line)) {
      return Verdict.rejected("cut off (no closing punctuation)");
    }
    if (count(line, '"') % 2 != 0
        || count(line, '\u201c') != count(line, '\u201d')
        || count(line, '\u00ab') != count(line, '\u00bb')) {
      return Verdict.rejected("cut off (unbalanced quotes)");
    }

    List<Item> evidenceItems = new ArrayList<>();
    evidenceItems.add(evidence.item());
    evidenceItems.addAll(evidence.supportingItems());
    TitleMatcher matcher = evidenceMatcher(evidenceItems);
    Map<String, Integer> evidenceKeys = new HashMap<>();
    int longest = maxTitleWords;
    for (int i = evidenceItems.size() - 1; i >= 0; i--) {
      for (String k : keys(evidenceItems.get(i))) {
        evidenceKeys.put(k, i);
        longest = Math.max(longest, Math.min(MAX_TITLE_WORDS, k.split(" ").length));
      }
    }
    Map<String, AttributeMatch> attributes = new HashMap<>();
    for (AttributeMatch a : evidence.attributes()) {
      String n = TitleNormalizer.normalize(a.value());
      if (!n.isEmpty()) {
        attributes.putIfAbsent(n, a);
      }
    }
    Set<Long> numbers = allowedNumbers(evidence, evidenceItems);

    Set<Item> cited = new LinkedHashSet<>();
    Set<AttributeMatch> citedAttributes = new LinkedHashSet<>();
    boolean citedNumber = false;

    // quoted spans: each must be an evidence title or attribute
    StringBuilder rest = new StringBuilder();
    Matcher q = QUOTED.matcher(line);
    int last = 0;
    while (q.find()) {
      String span = firstNonNull(q.group(1), q.group(2), q.group(3)).strip();
      rest.append(line, last, q.start()).append(" \u0000 ");
      last = q.end();
      if (span.isEmpty()) {
        continue;
      }
      Optional<TitleMatcher.Match> m = matcher.match(span, i -> true, false);
      AttributeMatch attr = attributes.get(TitleNormalizer.normalize(span));
      if (m.isPresent()) {
        if (m.get().index() > 0) {
          cited.add(evidenceItems.get(m.get().index()));
        }
      } else if (attr != null) {
        citedAttributes.add(attr);
      } else {
        return Verdict.rejected(
            "cites \"" + ExplanationText.clean(span) + "\", which is not in the evidence");
      }
    }
    rest.append(line, last, line.length());

    // unquoted words: titles, attributes, decades and numbers must be in the evidence
    List<Token> tokens = tokens(rest.toString());
    int i = 0;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      if (t == null) {
        i++;
        continue;
      }
      int evidenceLen = 0;
      int evidenceIndex = -1;
      int attrLen = 0;
      AttributeMatch attr = null;
      int foreignTitleLen = 0;
      int vocabLen = 0;
      StringBuilder key = new StringBuilder();
      for (int n = 1; n <= longest && i + n <= tokens.size(); n++) {
        Token tn = tokens.get(i + n - 1);
        if (tn == null) {
          break;
        }
        if (n > 1) {
          key.append(' ');
        }
        key.append(tn.lower());
        String k = key.toString();
        Integer ev = evidenceKeys.get(k);
        if (ev != null) {
          evidenceLen = n;
          evidenceIndex = ev;
        }
        AttributeMatch a = attributes.get(k);
        if (a != null) {
          attrLen = n;
          attr = a;
        }
        if (ev == null && n <= maxTitleWords && catalogueTitles.containsKey(k)) {
          foreignTitleLen = n;
        }
        if (a == null && vocabulary.contains(k)) {
          vocabLen = n;
        }
      }
      int grounded = Math.max(evidenceLen, attrLen);
      if (grounded > 0 && grounded >= Math.max(foreignTitleLen, vocabLen)) {
        if (evidenceLen >= attrLen) {
          if (evidenceIndex > 0) {
            cited.add(evidenceItems.get(evidenceIndex));
          }
        } else {
          citedAttributes.add(attr);
        }
        i += grounded;
        continue;
      }
      if (vocabLen > 0 && vocabLen >= foreignTitleLen) {
        return Verdict.rejected(
            "mentions \"" + phrase(tokens, i, vocabLen) + "\", an attribute not in the evidence");
      }
      if (foreignTitleLen > 0 && looksLikeTitle(tokens, i, foreignTitleLen)) {
        return Verdict.rejected(
            "mentions \""
                + ExplanationText.clean(catalogueTitles.get(phrase(tokens, i, foreignTitleLen)))
                + "\", which is not in the evidence");
      }
      if (DECADE.matcher(t.lower()).matches()) {
        return Verdict.rejected("mentions the " + t.lower() + ", not in the evidence");
      }
      if (DIGITS.matcher(t.lower()).matches()) {
        long value = parse(t.lower());
        if (!numbers.contains(value)) {
          return Verdict.rejected(
              "states the number " + t.lower() + ", which is not in the evidence");
        }
        citedNumber = true;
      }
      i++;
    }

    boolean hasEvidence =
        !evidence.supports().isEmpty()
            || !evidence.attributes().isEmpty()
            || evidence.popularity().map(p -> p.users() > 0).orElse(false);
    if (hasEvidence && cited.isEmpty() && citedAttributes.isEmpty() && !citedNumber) {
      return Verdict.rejected("cites none of the evidence");
    }
    String shown = line.replace('<', '\u2039').replace('>', '\u203a');
    // citations in evidence order, strongest support first
    List<Item> items = evidenceItems.stream().skip(1).filter(cited::contains).toList();
    List<AttributeMatch> attrs =
        evidence.attributes().stream().filter(citedAttributes::contains).distinct().toList();
    return new Verdict(true, shown, items, attrs, "");
  }

  private static TitleMatcher evidenceMatcher(List<Item> items) {
    List<List<String>> aliases = new ArrayList<>(items.size());
    List<String> ids = new ArrayList<>(items.size());
    for (Item it : items) {
      aliases.add(List.of(it.title(), ExplanationText.title(it)));
      ids.add(it.id());
    }
    return new TitleMatcher(aliases, ids, Double.NaN);
  }

  /** The normalised and parenthesis-free forms of an item's title (or id when it has none). */
  private static Set<String> keys(Item it) {
    Set<String> keys = new LinkedHashSet<>();
    String title = it.hasTitle() ? it.title() : it.id();
    for (String s : new String[] {title, ExplanationText.title(it)}) {
      String n = TitleNormalizer.normalize(s);
      if (!n.isEmpty()) {
        keys.add(n);
      }
      String c = TitleNormalizer.core(s);
      if (!c.isEmpty()) {
        keys.add(c);
      }
    }
    return keys;
  }

  private static Set<Long> allowedNumbers(Evidence e, List<Item> items) {
    Set<Long> out = new HashSet<>();
    for (Support s : e.supports()) {
      if (s.kind() == SupportKind.CO_OCCURRENCE) {
        out.add(Math.round(s.value()));
      }
    }
    if (e.popularity().isPresent()) {
      Popularity p = e.popularity().get();
      out.add((long) p.users());
      out.add((long) p.totalUsers());
    }
    for (Item it : items) {
      it.year().ifPresent(y -> out.add((long) y));
      Matcher m = DIGITS.matcher(it.title());
      while (m.find()) {
        out.add(parse(m.group()));
      }
    }
    for (AttributeMatch a : e.attributes()) {
      Matcher m = DIGITS.matcher(a.value());
      while (m.find()) {
        out.add(parse(m.group()));
      }
    }
    return out;
  }

  /** Words of the text, NFKD without marks, lower-cased; null marks a quoted span's place. */
  private static List<Token> tokens(String text) {
    String s = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
    s = DIGIT_GROUPS.matcher(s).replaceAll("");
    List<Token> out = new ArrayList<>();
    int start = 0;
    while (start < s.length()) {
      int nul = s.indexOf('\u0000', start);
      int end = nul < 0 ? s.length() : nul;
      Matcher m = WORD.matcher(s.substring(start, end));
      while (m.find()) {
        String w = m.group();
        out.add(
            w.equals("&")
                ? new Token("and", false, out.isEmpty())
                : new Token(
                    w.toLowerCase(Locale.ROOT),
                    Character.isUpperCase(w.codePointAt(0)),
                    out.isEmpty()));
      }
      if (nul >= 0) {
        out.add(null);
      }
      start = end + 1;
    }
    return out;
  }

  private static boolean looksLikeTitle(List<Token> tokens, int i, int len) {
    Token first = tokens.get(i);
    if (!first.capitalised()) {
      return false;
    }
    if (len == 1) {
      return first.lower().length() >= 4 && !first.opensSentence();
    }
    return true;
  }

  private static String phrase(List<Token> tokens, int i, int len) {
    StringBuilder sb = new StringBuilder();
    for (int k = i; k < i + len; k++) {
      sb.append(k == i ? "" : " ").append(tokens.get(k).lower());
    }
    return sb.toString();
  }

  private static String firstLine(String output) {
    if (output == null) {
      return "";
    }
    return output
        .lines()
        .map(l -> ExplanationText.forTerminal(l).replaceAll("\\s+", " ").strip())
        .filter(l -> !l.isEmpty())
        .findFirst()
        .map(GroundingCheck::unwrap)
        .orElse("");
  }

  /** A sentence wrapped whole in one pair of double quotes, without them. */
  private static String unwrap(String s) {
    if (s.length() > 2
        && s.charAt(0) == '"'
        && s.charAt(s.length() - 1) == '"'
        && count(s, '"') == 2) {
      return s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  private static boolean endsSentence(String s) {
    int end = s.length() - 1;
    while (end >= 0 && "\"')\u201d\u2019\u00bb*_".indexOf(s.charAt(end)) >= 0) {
      end--;
    }
    return end >= 0
        && ".!?".indexOf(s.charAt(end)) >= 0
        && !(end >= 2 && s.startsWith("...", end - 2));
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static void addWord(Set<String> vocab, String value) {
    String n = TitleNormalizer.normalize(value);
    if (!n.isEmpty()) {
      vocab.add(n);
    }
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE; // too long for a count: never allowed
    }
  }

  private static String firstNonNull(String... s) {
    for (String x : s) {
      if (x != null) {
        return x;
      }
    }
    return "";
  }

  private record Token(String lower, boolean capitalised, boolean opensSentence) {}
}
