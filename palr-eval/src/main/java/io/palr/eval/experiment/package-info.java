/**
 * The PALR method end to end: {@link io.palr.eval.experiment.PalrExperiment} loads a data set,
 * trains SASRec, builds instruction data from the training split, fine-tunes a LLaMA-architecture
 * model and compares SASRec, PALR-v1 and PALR-v2 on the test split, writing a report; {@link
 * io.palr.eval.experiment.QuickstartRunner} and {@link io.palr.bench.experiment.ExperimentRunner}
 * are its command-line entry points.
 */
package io.palr.eval.experiment;
