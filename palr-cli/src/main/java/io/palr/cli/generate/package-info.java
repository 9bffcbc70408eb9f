/** The logic behind {@code palr generate}: load a model, complete a prompt, stream the text. */
package io.palr.cli.generate;
