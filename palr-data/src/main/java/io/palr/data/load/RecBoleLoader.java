package io.palr.data.load;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads RecBole atomic files: TAB-separated with a typed header ({@code name:type}).
 *
 * <ul>
 *   <li>{@code <name>.item}: {@code item_id:token}, {@code title:token_seq} (optional {@code
 *       brand:token}); the catalogue: interactions with other items are {@link
 *       ProblemKind#UNKNOWN_ITEM} errors. HTML character references in titles are decoded.
 *   <li>{@code <name>.inter}: one interaction per line, {@code user_id:token}, {@code
 *       item_id:token}, optional {@code timestamp:float} and {@code rating:float}; or the
 *       sequential form (e.g. {@code <name>.test.inter}): {@code user_id:token}, {@code
 *       item_id_list:token_seq} (space-separated, chronological) and {@code item_id:token} (the
 *       next item), where history plus target is the user's whole sequence.
 * </ul>
 *
 * <p>Given a directory, the loader uses its single {@code .item} file and {@code <name>.inter}, or
 * else {@code <name>.test.inter}; given an {@code .inter} file, it uses the {@code .item} file
 * beside it.
 */
public final class RecBoleLoader extends DatasetLoader<RecBoleLoader> {
  private final Path path;

  RecBoleLoader(Path dirOrInterFile) {
    super(fileStem(dirOrInterFile, "recbole"));
    this.path = Objects.requireNonNull(dirOrInterFile, "path");
  }

  @Override
  String defaultName() {
    try {
      return fileStem(itemFile(), "recbole");
    } catch (IOException e) {
      return super.defaultName();
    }
  }

  /** The interaction file this loader reads. */
  Path interFile() throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(
          path.toString(), null, "no such RecBole directory or .inter file");
    }
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path item = itemFile();
    String name = fileStem(item, "recbole");
    for (String candidate : List.of(name + ".inter", name + ".test.inter")) {
      if (Files.isRegularFile(path.resolve(candidate))) {
        return path.resolve(candidate);
      }
    }
    throw new NoSuchFileException(
        path.toString(),
        null,
        "RecBole directory needs " + name + ".inter or " + name + ".test.inter");
  }

  /** The item file this loader reads. */
  Path itemFile() throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(
          path.toString(), null, "no such RecBole directory or .inter file");
    }
    Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
    if (!Files.isDirectory(path)) {
      Path sibling = dir.resolve(fileStem(path, "recbole") + ".item");
      if (Files.isRegularFile(sibling)) {
        return sibling;
      }
    }
    List<Path> items;
    try (Stream<Path> s = Files.list(dir)) {
      items = s.filter(p -> p.getFileName().toString().endsWith(".item")).sorted().toList();
    }
    if (items.size() != 1) {
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "RecBole needs exactly one .item file, found " + items.size() + ": " + items);
    }
    return items.get(0);
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    Path itemFile = itemFile();
    Map<String, Item> catalog = readItems(itemFile, problems);
    catalog.keySet().forEach(raw::itemKey);
    Path inter = interFile();
    try (LineSource src = new LineSource(inter, StandardCharsets.UTF_8, problems)) {
      String header = src.next();
      if (header == null) {
        throw new DatasetFormatException(
            ProblemKind.MALFORMED_RECORD, inter, 0, null, "empty file");
      }
      Map<String, Integer> cols = header(header, src);
      Integer user = cols.get("user_id");
      Integer item = cols.get("item_id");
      Integer list = cols.get("item_id_list");
      Integer time = cols.get("timestamp");
      Integer rating = cols.get("rating");
      if (user == null || item == null) {
        throw src.error(
            ProblemKind.MALFORMED_RECORD,
            null,
            "header needs user_id and item_id (and item_id_list for sequences): '" + header + "'");
      }
      Map<String, Long> seqUserLine = new HashMap<>();
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, "\t", cols.size(), false);
          String u = src.requireId(f[user], "user_id");
          int uk = raw.userKey(u);
          if (list != null) {
            Long prev = seqUserLine.putIfAbsent(u, src.line());
            if (prev != null) {
              throw src.error(
                  ProblemKind.DUPLICATE_ID, "user_id", "user '" + u + "' already on line " + prev);
            }
            String[] history = SequenceFileLoader.tokens(f[list]);
            int[] keys = new int[history.length + 1];
            for (int i = 0; i < history.length; i++) {
              keys[i] = itemKey(raw, history[i], src, itemFile);
            }
            keys[history.length] = itemKey(raw, src.requireId(f[item], "item_id"), src, itemFile);
            for (int i = 0; i < keys.length; i++) {
              raw.add(uk, keys[i], i, Float.NaN);
            }
          } else {
            int ik = itemKey(raw, src.requireId(f[item], "item_id"), src, itemFile);
            long ts = time == null ? src.line() : src.parseTimestamp(f[time], "timestamp");
            raw.add(uk, ik, ts, rating == null ? Float.NaN : src.parseFloat(f[rating], "rating"));
          }
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return ItemSource.of(catalog, itemFile);
  }

  private static int itemKey(RawInteractions raw, String id, LineSource src, Path itemFile)
      throws DatasetFormatException {
    return raw.findItem(id)
        .orElseThrow(
            () ->
                src.error(
                    ProblemKind.UNKNOWN_ITEM,
                    "item_id",
                    "item '" + id + "' is not in " + itemFile.getFileName()));
  }

  /** Column indices by field name (the part before ':'). */
  private static Map<String, Integer> header(String line, LineSource src)
      throws DatasetFormatException {
    Map<String, Integer> cols = new LinkedHashMap<>();
    String[] f = line.split("\t", -1);
    for (int i = 0; i < f.length; i++) {
      int colon = f[i].indexOf(':');
      if (colon <= 0) {
        throw src.error(
            ProblemKind.MALFORMED_RECORD,
            null,
            "RecBole header fields are 'name:type' separated by TABs, found '"
                + LineSource.abbreviate(f[i])
                + "'");
      }
      cols.put(f[i].substring(0, colon).strip(), i);
    }
    return cols;
  }

  private static Map<String, Item> readItems(Path file, ProblemCollector problems)
      throws IOException {
    Map<String, Item> items = new LinkedHashMap<>();
    Map<String, Long> lineOf = new HashMap<>();
    try (LineSource src = new LineSource(file, StandardCharsets.UTF_8, problems)) {
      String header = src.next();
      if (header == null) {
        throw new DatasetFormatException(
            ProblemKind.MALFORMED_RECORD, file, 0, null, "empty item file");
      }
      Map<String, Integer> cols = header(header, src);
      Integer id = cols.get("item_id");
      Integer title = cols.containsKey("title") ? cols.get("title") : cols.get("movie_title");
      Integer brand = cols.get("brand");
      if (id == null) {
        throw src.error(
            ProblemKind.MALFORMED_RECORD, null, "item file header needs item_id: '" + header + "'");
      }
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, "\t", cols.size(), false);
          String itemId = src.requireId(f[id], "item_id");
          Long prev = lineOf.putIfAbsent(itemId, src.line());
          if (prev != null) {
            throw src.error(
                ProblemKind.DUPLICATE_ID,
                "item_id",
                "item '" + itemId + "' already on line " + prev);
          }
          Item.Builder b =
              Item.builder(itemId)
                  .title(title == null ? "" : HtmlEntities.decode(f[title].strip()).strip());
          if (brand != null && !f[brand].isBlank()) {
            b.brand(HtmlEntities.decode(f[brand].strip()));
          }
          items.put(itemId, b.build());
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return items;
  }

  @Override
  Path interactionFile() {
    try {
      return interFile();
    } catch (IOException e) {
      return path;
    }
  }
}
