package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines export and import of SFT examples. */
class SftDatasetsTest {
  @TempDir Path tmp;

  @Test
  void roundTripsAndAcceptsResponseField() throws Exception {
    List<SftExample> data =
        List.of(new SftExample("a \"quoted\"\nprompt", " Harbor ü"), new SftExample("", "x"));
    Path f = tmp.resolve("train.jsonl");
    SftDatasets.writeJsonl(data, f);
    assertThat(Files.readAllLines(f)).hasSize(2).allMatch(l -> l.contains("\"completion\""));
    assertThat(SftDatasets.readJsonl(f)).isEqualTo(data);
    Files.writeString(f, "{\"prompt\": \"p\", \"response\": \"r\"}\n\n");
    assertThat(SftDatasets.readJsonl(f)).containsExactly(new SftExample("p", "r"));
  }

  @Test
  void malformedLinesNameFileAndLine() throws Exception {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(
        f, "{\"prompt\": \"p\", \"completion\": \"c\"}\n{\"prompt\": 3, \"completion\": \"c\"}\n");
    assertThatThrownBy(() -> SftDatasets.readJsonl(f))
        .isInstanceOf(SftDatasets.SftDataException.class)
        .hasMessageContaining("bad.jsonl:2")
        .hasMessageContaining("prompt");
    Files.writeString(f, "{oops\n");
    assertThatThrownBy(() -> SftDatasets.readJsonl(f)).hasMessageContaining("bad.jsonl:1");
  }
}
