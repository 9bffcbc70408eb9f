package io.palr.bench.retrieval;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal readers of the two benchmark formats the retrieval benchmarks need (the full loaders live
 * in {@code io.palr.data}): Amazon Beauty's {@code user_sequence.txt} and MovieLens-100K's {@code
 * u.data} with 5-core filtering. Malformed lines are an error naming file and line.
 */
public final class BenchData {
  private BenchData() {}

  /** Beauty: one line per user, {@code user item item ...} oldest first. */
  public static InteractionDataset beauty(Path file) {
    Map<String, Integer> itemIndex = new LinkedHashMap<>();
    List<String> users = new ArrayList<>();
    List<int[]> seqs = new ArrayList<>();
    List<String> lines = read(file);
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.strip().split("\\s+", -1);
      if (f.length < 2) {
        throw new IllegalArgumentException(
            file + ":" + (ln + 1) + ": expected 'user item...', got '" + line + "'");
      }
      int[] seq = new int[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        seq[i - 1] = itemIndex.computeIfAbsent(f[i], k -> itemIndex.size());
      }
      users.add(f[0]);
      seqs.add(seq);
    }
    return InteractionDataset.of("beauty", catalog(itemIndex), users, seqs, null);
  }

  /**
   * MovieLens-100K {@code u.data} (user TAB item TAB rating TAB time), all ratings as implicit,
   * 5-core.
   */
  public static InteractionDataset movieLens100k(Path file) {
    record Event(String user, String item, long ts, int order) {}
    List<Event> events = new ArrayList<>();
    List<String> lines = read(file);
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 4) {
        throw new IllegalArgumentException(
            file + ":" + (ln + 1) + ": expected 4 tab-separated fields");
      }
      try {
        events.add(new Event(f[0], f[1], Long.parseLong(f[3].strip()), ln));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ":" + (ln + 1) + ": bad timestamp '" + f[3] + "'", e);
      }
    }
    // 5-core: drop users and items with fewer than 5 interactions until stable
    boolean changed = true;
    while (changed) {
      Map<String, Integer> uc = new HashMap<>();
      Map<String, Integer> ic = new HashMap<>();
      for (Event e : events) {
        uc.merge(e.user(), 1, Integer::sum);
        ic.merge(e.item(), 1, Integer::sum);
      }
      int before = events.size();
      events.removeIf(e -> uc.get(e.user()) < 5 || ic.get(e.item()) < 5);
      changed = events.size() != before;
    }
    Map<String, List<Event>> byUser = new LinkedHashMap<>();
    events.stream()
        .sorted(Comparator.comparingInt((Event e) -> Integer.parseInt(e.user())))
        .forEach(e -> byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e));
    Map<String, Integer> itemIndex = new LinkedHashMap<>();
    List<String> users = new ArrayList<>();
    List<int[]> seqs = new ArrayList<>();
    List<long[]> times = new ArrayList<>();
    for (Map.Entry<String, List<Event>> u : byUser.entrySet()) {
      List<Event> ev = new ArrayList<>(u.getValue());
      ev.sort(Comparator.comparingLong(Event::ts).thenComparingInt(Event::order));
      int[] seq = new int[ev.size()];
      long[] ts = new long[ev.size()];
      for (int i = 0; i < ev.size(); i++) {
        seq[i] = itemIndex.computeIfAbsent(ev.get(i).item(), k -> itemIndex.size());
        ts[i] = ev.get(i).ts();
      }
      users.add(u.getKey());
      seqs.add(seq);
      times.add(ts);
    }
    return InteractionDataset.of("ml-100k", catalog(itemIndex), users, seqs, times);
  }

  private static Catalog catalog(Map<String, Integer> itemIndex) {
    List<Item> items = new ArrayList<>(itemIndex.size());
    itemIndex.keySet().forEach(id -> items.add(Item.of(id, "")));
    return Catalog.of(items);
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
