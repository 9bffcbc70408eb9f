package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TextDecodingTest {
  @Test
  void htmlEntities() {
    assertThat(HtmlEntities.decode("Tom &amp; Jerry")).isEqualTo("Tom & Jerry");
    assertThat(HtmlEntities.decode("caf&eacute; &#39;x&#x27; &#153; &hearts;"))
        .isEqualTo("café 'x' ™ ♥");
    assertThat(HtmlEntities.decode("&amp;quot; stays once-decoded"))
        .isEqualTo("&quot; stays once-decoded");
    assertThat(HtmlEntities.decode("AT&T & &bogus; &#xZZ; &")).isEqualTo("AT&T & &bogus; &#xZZ; &");
    assertThat(HtmlEntities.decode("no entities")).isEqualTo("no entities");
  }

  @Test
  void pythonLiteralsBecomeJson() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode n =
        json.readTree(
            PythonLiterals.toJson(
                "{'a': 'it\\'s', \"b\": \"say \\\"hi\\\"\", 'c': u'\\xe9\\u00e8\\U0001F600', 'd': (1, 2.5e3), "
                    + "'e': None, 'f': True, 'g': False, 'h': 'back\\\\slash \\q', 'i': '\\101'}"));
    assertThat(n.get("a").asText()).isEqualTo("it's");
    assertThat(n.get("b").asText()).isEqualTo("say \"hi\"");
    assertThat(n.get("c").asText()).isEqualTo("éè\uD83D\uDE00");
    assertThat(n.get("d").get(1).asDouble()).isEqualTo(2500.0);
    assertThat(n.get("e").isNull()).isTrue();
    assertThat(n.get("f").asBoolean()).isTrue();
    assertThat(n.get("g").asBoolean()).isFalse();
    assertThat(n.get("h").asText()).isEqualTo("back\\slash \\q");
    assertThat(n.get("i").asText()).isEqualTo("A");
  }

  @Test
  void decodingReaderHandlesMultiByteCharactersAcrossChunkBoundaries() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      sb.append("é€😀\n");
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    StringBuilder back = new StringBuilder();
    try (Reader r =
        new DecodingReader(
            new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, Path.of("x"), false)) {
      char[] buf = new char[777];
      int n;
      while ((n = r.read(buf, 0, buf.length)) >= 0) {
        back.append(buf, 0, n);
      }
    }
    assertThat(back.toString()).isEqualTo(sb.toString());
  }

  @Test
  void lenientDecodingRemembersTheMalformedLines() throws IOException {
    byte[] bytes = {'a', '\n', 'b', (byte) 0xC3, '\n', 'c', '\n', (byte) 0xFF};
    DecodingReader r =
        new DecodingReader(
            new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, Path.of("x"), true);
    StringBuilder back = new StringBuilder();
    char[] buf = new char[16];
    int n;
    while ((n = r.read(buf, 0, buf.length)) >= 0) {
      back.append(buf, 0, n);
    }
    assertThat(back.toString()).isEqualTo("a\nb\uFFFD\nc\n\uFFFD");
    assertThat(r.isMalformedLine(1)).isFalse();
    assertThat(r.isMalformedLine(2)).isTrue();
    assertThat(r.isMalformedLine(3)).isFalse();
    assertThat(r.isMalformedLine(4)).isTrue();
  }
}
