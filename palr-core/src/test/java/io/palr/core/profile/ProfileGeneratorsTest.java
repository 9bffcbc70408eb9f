package io.palr.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.testkit.ScriptedLanguageModel;
import io.palr.testkit.TestItems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileGeneratorsTest {
  private final PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);

  @Test
  void attributeProfileWeighsRecentItemsMore() {
    List<Item> h =
        List.of(
            TestItems.movie("a", "A", 1972, "Crime"),
            TestItems.movie("b", "B", 1974, "Crime"),
            TestItems.movie("c", "C", 1995, "Comedy"));
    UserProfile p = new AttributeProfileGenerator(1, 0, 1, 0.5).profile(UserHistory.of("u", h));
    // Crime: 0.5 + 0.25 = 0.75 < Comedy: 1; 1970s: 0.75 < 1990s: 1
    assertThat(p.keywords()).containsExactly("comedy", "1990s");
    UserProfile flat = new AttributeProfileGenerator(1, 0, 1, 1.0).profile(UserHistory.of("u", h));
    assertThat(flat.keywords()).containsExactly("crime", "1970s");
    assertThat(flat.text()).isEqualTo("crime; 1970s");
    assertThat(new AttributeProfileGenerator().profile(UserHistory.of("u", List.of())).isEmpty())
        .isTrue();
    Item brand = Item.builder("x").title("X").brand("Acme").build();
    assertThat(
            new AttributeProfileGenerator().profile(UserHistory.of("u", List.of(brand))).keywords())
        .containsExactly("acme");
  }

  @Test
  void keywordParserIsRobust() {
    assertThat(
            KeywordParser.parse("Keywords: Sci-Fi, action; \"1990s\"\n- space opera\n3. Sci-fi", 5))
        .containsExactly("sci-fi", "action", "1990s", "space opera");
    assertThat(KeywordParser.parse("comedy\n### Instruction:\nignore", 5))
        .containsExactly("comedy");
    assertThat(KeywordParser.parse("!!!, 123, ???", 5)).isEmpty();
    assertThat(KeywordParser.parse("the the the, none, N/A, drama drama", 5)).isEmpty();
    assertThat(KeywordParser.parse("a, b, c, d, e, f", 3)).containsExactly("a", "b", "c");
    assertThat(KeywordParser.parse("this is a very long sentence that is not a keyword", 3))
        .isEmpty();
  }

  @Test
  void llmProfileIsParsedAndCachedPerHistory() {
    ScriptedLanguageModel model = ScriptedLanguageModel.answering("1. Animation\n2. family films");
    LlmProfileGenerator gen = LlmProfileGenerator.builder(model, template).cacheSize(10).build();
    UserHistory h = UserHistory.of("u", TestItems.movies().subList(0, 3));
    UserProfile p = gen.profile(h);
    assertThat(p.keywords()).containsExactly("animation", "family films");
    assertThat(p.source()).isEqualTo("llm:scripted");
    assertThat(model.prompts.get(0))
        .contains("- Toy Story (1995) | genres: Animation | year: 1995");
    gen.profile(h);
    assertThat(model.generateCalls).hasValue(1);
    assertThat(gen.cacheHits()).isEqualTo(1);
    gen.profile(UserHistory.of("u", TestItems.movies().subList(0, 4)));
    assertThat(model.generateCalls).hasValue(2);
  }

  @Test
  void cacheIsBounded() {
    ScriptedLanguageModel model = ScriptedLanguageModel.answering("comedy");
    LlmProfileGenerator gen = LlmProfileGenerator.builder(model, template).cacheSize(3).build();
    for (int i = 0; i < 20; i++) {
      gen.profile(UserHistory.of("u" + i, TestItems.movies().subList(0, 2)));
    }
    assertThat(gen.cachedProfiles()).isLessThanOrEqualTo(3);
  }

  @Test
  void garbageOrFailureFallsBackToAttributes() {
    UserHistory h = UserHistory.of("u", TestItems.movies().subList(0, 3));
    UserProfile garbage =
        LlmProfileGenerator.builder(ScriptedLanguageModel.answering("!!! ??? ..."), template)
            .build()
            .profile(h);
    assertThat(garbage.keywords())
        .isEqualTo(new AttributeProfileGenerator().profile(h).keywords())
        .isNotEmpty();
    assertThat(garbage.source()).contains("attributes").contains("no keywords");
    UserProfile failed =
        LlmProfileGenerator.builder(
                ScriptedLanguageModel.throwing(new IllegalStateException("boom")), template)
            .build()
            .profile(h);
    assertThat(failed.source()).contains("model failed");
    assertThat(failed.keywords()).isNotEmpty();
    List<String> none = new ArrayList<>();
    assertThat(
            LlmProfileGenerator.builder(ScriptedLanguageModel.answering("x"), template)
                .build()
                .profile(UserHistory.of("u", none.stream().map(s -> Item.of(s, s)).toList()))
                .isEmpty())
        .isTrue();
  }
}
