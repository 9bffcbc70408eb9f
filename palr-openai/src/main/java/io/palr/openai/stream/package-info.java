/**
 * Parsing of streamed ({@code stream: true}) responses: server-sent events and stop strings across
 * chunks.
 */
package io.palr.openai.stream;
