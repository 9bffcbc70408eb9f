/** SASRec and the baseline sequential recommenders on DJL, with one shared training loop. */
package io.palr.retrieval;
