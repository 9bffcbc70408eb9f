package io.palr.openai.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequenceFilterTest {

  @Test
  void cutsAtAStopStringSplitAcrossChunks() {
    List<String> out = new ArrayList<>();
    StopSequenceFilter f = new StopSequenceFilter(List.of("\n###"), out::add);
    assertThat(f.accept("The Ma")).isTrue();
    assertThat(f.accept("trix\n#")).isTrue();
    assertThat(f.accept("## Next")).isFalse();
    assertThat(f.accept("more")).isFalse();
    f.finish();
    assertThat(String.join("", out)).isEqualTo("The Matrix");
    assertThat(f.text()).isEqualTo("The Matrix");
    assertThat(f.stopped()).isTrue();
  }

  @Test
  void holdsBackOnlyWhatCouldStartAStopAndFlushesAtTheEnd() {
    List<String> out = new ArrayList<>();
    StopSequenceFilter f = new StopSequenceFilter(List.of("STOP"), out::add);
    f.accept("abcdef");
    assertThat(String.join("", out)).isEqualTo("abc");
    f.accept("ST");
    assertThat(String.join("", out)).isEqualTo("abcde");
    f.finish();
    assertThat(f.text()).isEqualTo("abcdefST");
  }

  @Test
  void earliestStopWinsAndNoStopsPassEverything() {
    assertThat(StopSequenceFilter.truncate("a, b. c", List.of(".", ","))).isEqualTo("a");
    assertThat(StopSequenceFilter.truncate("abc", List.of())).isEqualTo("abc");
    List<String> out = new ArrayList<>();
    StopSequenceFilter f = new StopSequenceFilter(List.of(), out::add);
    f.accept("x");
    f.accept("y");
    assertThat(out).containsExactly("x", "y");
  }

  @Test
  void neverSplitsASurrogatePair() {
    List<String> out = new ArrayList<>();
    StopSequenceFilter f = new StopSequenceFilter(List.of("XY"), out::add);
    f.accept("a\uD83C\uDFAC");
    f.accept("b");
    f.finish();
    for (String s : out) {
      assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1))).isFalse();
    }
    assertThat(f.text()).isEqualTo("a\uD83C\uDFACb");
  }
}
