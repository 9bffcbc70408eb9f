package io.palr.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitleNormalizerTest {
  @Test
  void normalisesCaseArticlesYearsAndPunctuation() {
    assertThat(TitleNormalizer.normalize("Godfather, The (1972)")).isEqualTo("godfather");
    assertThat(TitleNormalizer.normalize("The Godfather")).isEqualTo("godfather");
    assertThat(TitleNormalizer.normalize("AMÉLIE!")).isEqualTo("amelie");
    assertThat(TitleNormalizer.normalize("Beauty & the Beast [1991]"))
        .isEqualTo("beauty and the beast");
    assertThat(TitleNormalizer.normalize("Apollo 13")).isEqualTo("apollo 13");
    assertThat(TitleNormalizer.normalize("...")).isEmpty();
    assertThat(
            TitleNormalizer.core("City of Lost Children, The (Cité des enfants perdus, La) (1995)"))
        .isEqualTo("city of lost children");
    assertThat(TitleNormalizer.alternatives("Seven (Se7en) (1995)")).containsExactly("Se7en");
    assertThat(
            TitleNormalizer.alternatives("Wings of Desire (a.k.a. Der Himmel über Berlin) (1987)"))
        .containsExactly("Der Himmel über Berlin");
  }

  @Test
  void similarityMeasures() {
    assertThat(Similarity.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(Similarity.levenshtein("", "abc")).isEqualTo(3);
    assertThat(Similarity.levenshteinSimilarity("abc", "abc")).isEqualTo(1.0);
    assertThat(Similarity.tokenJaccard("star wars", "wars star")).isEqualTo(1.0);
    assertThat(Similarity.tokenJaccard("toy story", "toy story 2")).isEqualTo(2.0 / 3);
  }
}
