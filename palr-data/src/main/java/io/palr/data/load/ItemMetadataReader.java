package io.palr.data.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads optional item metadata (titles and, from JSON, brand and categories) for the items that
 * survived preprocessing. Two layouts, told apart by content: JSON lines (the first non-blank
 * character is <code>{</code>), strict JSON or the Python-literal style of the 2014 Amazon
 * metadata, with {@code asin} (or {@code item_id} or {@code id}) and {@code title}; or a
 * TAB-separated {@code id<TAB>title} file whose first line is a header. UTF-8, gzip or plain. Ids
 * not in the wanted set are counted as {@link ProblemKind#UNUSED_METADATA} and not remembered
 * (memory stays bounded by the wanted items); an id listed twice among the wanted ones is a {@link
 * ProblemKind#DUPLICATE_ID} error.
 */
final class ItemMetadataReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ID_FIELDS = {"asin", "item_id", "id"};

  private final boolean decodeHtml;

  ItemMetadataReader(boolean decodeHtml) {
    this.decodeHtml = decodeHtml;
  }

  Map<String, Item> read(Path file, Set<String> wanted, ProblemCollector problems)
      throws IOException {
    Map<String, Item> out = new HashMap<>();
    Map<String, Long> firstLine = new HashMap<>();
    try (LineSource src = new LineSource(file, StandardCharsets.UTF_8, problems)) {
      String line;
      Boolean json = null;
      while ((line = src.next()) != null) {
        if (json == null) {
          json = line.stripLeading().startsWith("{");
          if (!json) {
            continue; // TSV header line
          }
        }
        try {
          Item item = json ? fromJson(line, src) : fromTsv(line, src);
          if (wanted.contains(item.id())) {
            // only wanted ids are remembered, so that a huge metadata file streams through in
            // bounded memory
            Long seen = firstLine.putIfAbsent(item.id(), src.line());
            if (seen != null) {
              throw src.error(
                  ProblemKind.DUPLICATE_ID,
                  null,
                  "item id '" + item.id() + "' already listed on line " + seen);
            }
            out.put(item.id(), item);
          } else {
            problems.report(
                ProblemKind.UNUSED_METADATA,
                file,
                src.line(),
                null,
                "item '" + item.id() + "' has no interaction in the prepared data; ignored");
          }
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return out;
  }

  private Item fromTsv(String line, LineSource src) throws DatasetFormatException {
    String[] f = src.split(line, "\t", 2, true);
    if (f.length > 2) {
      throw src.error(
          ProblemKind.MALFORMED_RECORD,
          null,
          "expected 'id<TAB>title', found " + f.length + " TAB-separated fields");
    }
    return Item.of(src.requireId(f[0], "id"), title(f[1]));
  }

  private Item fromJson(String line, LineSource src) throws DatasetFormatException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException strict) {
      try {
        node = JSON.readTree(PythonLiterals.toJson(line));
      } catch (JsonProcessingException e) {
        throw src.error(
            ProblemKind.INVALID_VALUE,
            null,
            "neither JSON nor a Python literal: " + e.getOriginalMessage());
      }
    }
    if (node == null || !node.isObject()) {
      throw src.error(ProblemKind.MALFORMED_RECORD, null, "expected one JSON object per line");
    }
    String id = null;
    String idField = ID_FIELDS[0];
    for (String f : ID_FIELDS) {
      JsonNode v = node.get(f);
      if (v != null && v.isValueNode() && !v.asText().isBlank()) {
        id = v.asText().trim();
        idField = f;
        break;
      }
    }
    if (id == null) {
      throw src.error(ProblemKind.MALFORMED_RECORD, idField, "missing item id (asin)");
    }
    JsonNode t = node.get("title");
    if (t != null && !t.isNull() && !t.isValueNode()) {
      throw src.error(ProblemKind.INVALID_VALUE, "title", "not a string");
    }
    Item.Builder b = Item.builder(id).title(t == null || t.isNull() ? "" : title(t.asText()));
    JsonNode brand = node.get("brand");
    if (brand != null && brand.isValueNode() && !brand.asText().isBlank()) {
      b.brand(title(brand.asText()));
    }
    // 2018 metadata: "category": [..]; 2014: "categories": [[..], ..] (the first path)
    JsonNode cats = node.get("category");
    if (cats == null
        && node.get("categories") != null
        && node.get("categories").isArray()
        && node.get("categories").size() > 0) {
      cats = node.get("categories").get(0);
    }
    if (cats != null && cats.isArray()) {
      for (JsonNode c : cats) {
        if (c.isValueNode() && !c.asText().isBlank()) {
          b.genre(title(c.asText()));
        }
      }
    }
    return b.build();
  }

  private String title(String raw) {
    String t = raw.strip();
    return decodeHtml ? HtmlEntities.decode(t).strip() : t;
  }
}
