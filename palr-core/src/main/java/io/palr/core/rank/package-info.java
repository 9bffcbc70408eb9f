/**
 * LLM rankers over a {@link io.palr.api.llm.LanguageModel} and a {@link
 * io.palr.api.PromptTemplate}: free generation then parsing ({@link
 * io.palr.core.rank.GenerativeRanker}), generation constrained to the candidates ({@link
 * io.palr.core.rank.ConstrainedRanker}) and candidate likelihood scoring ({@link
 * io.palr.core.rank.LikelihoodRanker}, optionally fused with the retriever's evidence by {@link
 * io.palr.core.rank.ScoreFusion}), selected by {@link io.palr.core.rank.RankerKind}.
 */
package io.palr.core.rank;
