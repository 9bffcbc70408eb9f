/** Command-line logic of the LLM runtime, reusable by the picocli front end. */
package io.palr.llm.engine;
