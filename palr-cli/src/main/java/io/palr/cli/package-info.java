/**
 * The palr command line: quickstart, prepare, train, instructions, finetune, recommend, evaluate,
 * generate, bench.
 */
package io.palr.cli;
