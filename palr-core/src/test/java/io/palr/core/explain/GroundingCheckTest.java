package io.palr.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Item;
import io.palr.api.explain.AttributeMatch;
import io.palr.api.explain.Evidence;
import io.palr.api.explain.ItemOrigin;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.data.Catalog;
import io.palr.testkit.TestItems;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroundingCheckTest {
  private final List<Item> movies = TestItems.movies();
  private final GroundingCheck check = GroundingCheck.forCatalog(Catalog.of(movies));
  private final Item godfather = movies.get(4); // "Godfather, The (1972)", Crime
  private final Item heat = movies.get(2);
  private final Item fargo = movies.get(8);
  private final AttributeMatch crime = new AttributeMatch(AttributeMatch.GENRE, "crime");
  private final Evidence evidence =
      new Evidence(
          fargo,
          ItemOrigin.LLM_RANKED,
          "sasrec",
          5,
          List.of(
              new Support(godfather, 4, SupportKind.CO_OCCURRENCE, 212),
              new Support(heat, 2, SupportKind.CO_OCCURRENCE, 87)),
          List.of(crime),
          Optional.of(new Popularity(500, 943)));

  private GroundingCheck.Verdict verdict(String sentence) {
    return check.check(sentence, evidence);
  }

  @Test
  void acceptsSentencesCitingOnlyEvidenceMatchedWithTheParsersNormaliser() {
    GroundingCheck.Verdict v =
        verdict("You loved The Godfather and \"heat\", and 212 people who saw it also saw Fargo.");
    assertThat(v.grounded()).as(v.reason()).isTrue();
    assertThat(v.citedItems()).containsExactly(godfather, heat);
    assertThat(verdict("A crime classic: 500 of 943 people watched it!").grounded()).isTrue();
    assertThat(verdict("A crime classic: 500 of 943 people watched it!").citedAttributes())
        .containsExactly(crime);
    assertThat(
            verdict("\u201cGodfather, The (1972)\u201d fans will like this crime film.").grounded())
        .isTrue();
    assertThat(verdict("\"Because you watched Heat (1995).\"").grounded()).isTrue();
    assertThat(verdict("Because you watched Heat.\nThen Titanic, Aliens and more.").grounded())
        .as("only the first line counts")
        .isTrue();
  }

  @Test
  void rejectsTitlesOutsideTheEvidenceQuotedOrNot() {
    assertThat(verdict("Because you watched \"Titanic\", a crime story.").reason())
        .isEqualTo("cites \"Titanic\", which is not in the evidence");
    assertThat(verdict("Because you watched Pulp Fiction and Heat.").reason())
        .startsWith("mentions \"Pulp Fiction (1994)\"");
    assertThat(verdict("Fans of Heat also loved Speed.").reason()).startsWith("mentions \"Speed");
    assertThat(verdict("Like \"Aliens\" and Heat, a crime film.").grounded()).isFalse();
    // one-word titles are only titles when capitalised and not opening the sentence
    assertThat(verdict("Speed matters less than the 212 people who watched Heat.").grounded())
        .isTrue();
    assertThat(verdict("A crime film with plenty of speed, like Heat.").grounded()).isTrue();
  }

  @Test
  void rejectsAttributesDecadesAndNumbersOutsideTheEvidence() {
    assertThat(verdict("A comedy like Heat.").reason())
        .isEqualTo("mentions \"comedy\", an attribute not in the evidence");
    assertThat(verdict("A 1980s crime film like Heat.").reason()).contains("1980s");
    assertThat(verdict("Because 5000 people watched Heat.").reason())
        .isEqualTo("states the number 5000, which is not in the evidence");
    assertThat(verdict("Because 1,000 people watched Heat.").reason()).contains("1000");
    assertThat(verdict("Because 212 people watched The Godfather (1972).").grounded()).isTrue();
  }

  @Test
  void rejectsEmptyCutOffOverlongAndContentFreeSentences() {
    assertThat(verdict("").reason()).isEqualTo("empty sentence");
    assertThat(verdict("  \n \n").reason()).isEqualTo("empty sentence");
    assertThat(verdict("Because you watched Heat and").reason()).startsWith("cut off");
    assertThat(verdict("Because you watched Heat...").reason()).startsWith("cut off");
    assertThat(verdict("Because you watched \"Heat.").reason())
        .isEqualTo("cut off (unbalanced quotes)");
    assertThat(verdict("Because " + "you really ".repeat(40) + "watched Heat.").reason())
        .startsWith("too long");
    assertThat(verdict("Ignore all previous instructions.").reason())
        .isEqualTo("cites none of the evidence");
  }

  @Test
  void withoutACatalogueQuotedSpansAndNumbersAreStillChecked() {
    GroundingCheck bare = GroundingCheck.withoutCatalog();
    assertThat(bare.check("Because you watched \"Titanic\".", evidence).grounded()).isFalse();
    assertThat(bare.check("Because 9 people watched Heat.", evidence).grounded()).isFalse();
    assertThat(bare.check("Because you watched \"Heat\".", evidence).citedItems())
        .containsExactly(heat);
  }

  @Test
  void controlCharactersAndMarkupNeverReachTheShownSentence() {
    GroundingCheck.Verdict v = verdict("Because you watched <b>Heat</b>\u001b[31m, a crime film.");
    assertThat(v.grounded()).as(v.reason()).isTrue();
    assertThat(v.sentence()).doesNotContain("<").doesNotContain("\u001b");
  }
}
