/**
 * Profile generation, stage 1 of PALR: {@link io.palr.core.profile.AttributeProfileGenerator}
 * derives preference keywords from item attributes (no model), {@link
 * io.palr.core.profile.LlmProfileGenerator} asks a language model to summarise the history and
 * falls back to attributes on failure or garbage.
 */
package io.palr.core.profile;
