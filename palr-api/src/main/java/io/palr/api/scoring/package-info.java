/** The fast int-indexed scoring contract shared by retrieval models and the evaluator. */
package io.palr.api.scoring;
