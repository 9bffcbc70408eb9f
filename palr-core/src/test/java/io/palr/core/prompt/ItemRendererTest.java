package io.palr.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Item;
import org.junit.jupiter.api.Test;

class ItemRendererTest {
  @Test
  void sanitizeFoldsControlCharactersAndHashRuns() {
    assertThat(ItemRenderer.sanitize("  a\n\nb\tc\u0000d ### e\u2028f "))
        .isEqualTo("a b c d # e f");
    assertThat(ItemRenderer.sanitize("\n\r\t")).isEmpty();
    assertThat(ItemRenderer.sanitize("x".repeat(1000))).hasSize(ItemRenderer.MAX_TEXT_LENGTH);
  }

  @Test
  void itemsWithoutTitleRenderTheirId() {
    assertThat(new ItemRenderer(ItemStyle.TITLE).render(Item.of("B01", ""))).isEqualTo("B01");
    assertThat(new ItemRenderer(ItemStyle.ID_AND_TITLE).render(Item.of("B01", "\n")))
        .isEqualTo("B01");
    assertThat(new ItemRenderer(ItemStyle.ID_AND_TITLE).render(Item.of("B01", "Lip Balm")))
        .isEqualTo("B01 (Lip Balm)");
  }
}
