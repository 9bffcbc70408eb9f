/**
 * PALR prompt templates: the three prompt parts (interaction history, natural-language profile,
 * candidate list) for the Recommend (v1), Recommend_Retrieval (v2) and profile tasks in an
 * Alpaca-style layout, with domain wording, safe item rendering, history truncation to a token
 * budget and seeded candidate shuffling. The same template renders inference prompts and
 * fine-tuning examples, so training and serving see identical text.
 */
package io.palr.core.prompt;
