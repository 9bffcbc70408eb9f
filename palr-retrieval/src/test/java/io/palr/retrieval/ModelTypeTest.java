package io.palr.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.retrieval.model.SasRecConfig;
import org.junit.jupiter.api.Test;

class ModelTypeTest {
  @Test
  void everyNameParsesAndHasDefaults() {
    for (String name :
        new String[] {"sasrec", "bpr", "ncf", "gru4rec", "caser", "pop", "itemknn"}) {
      ModelType t = ModelType.parse(name);
      assertThat(t.id()).isEqualTo(name);
      assertThat(RetrievalModels.defaults(name).type()).isEqualTo(t);
      assertThat(t.configClass()).isInstanceOf(Class.class);
    }
    assertThat(ModelType.parse(" SASRec ")).isEqualTo(ModelType.SASREC);
    assertThat(RetrievalModels.defaults("sasrec"))
        .isEqualTo(new SasRecConfig(50, 50, 2, 1, 0.5f, 0f));
  }

  @Test
  void unknownNameListsTheAcceptedOnes() {
    assertThatThrownBy(() -> ModelType.parse("bert4rec"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sasrec|bpr|ncf|gru4rec|caser|pop|itemknn");
  }

  @Test
  void invalidHyperParametersAreRejected() {
    assertThatThrownBy(() -> new SasRecConfig(50, 50, 2, 3, 0.5f, 0f))
        .hasMessageContaining("heads");
    assertThatThrownBy(() -> new SasRecConfig(50, 50, 2, 1, 1.0f, 0f))
        .hasMessageContaining("dropout");
  }
}
