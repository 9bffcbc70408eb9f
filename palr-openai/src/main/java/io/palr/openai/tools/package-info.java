/**
 * Command-line tools for operating a remote backend, e.g. {@link
 * io.palr.openai.tools.RemoteModelCheck}.
 */
package io.palr.openai.tools;
