/**
 * Maps generated text back to catalogue items: list-marker stripping, exact, normalised (case,
 * punctuation, articles, year suffix) and fuzzy (token Jaccard / normalised Levenshtein) title
 * matching, id matching, and accounting of hallucinations, duplicates and parse failures. Only
 * candidates can come out of {@link io.palr.core.parse.OutputParser}.
 */
package io.palr.core.parse;
