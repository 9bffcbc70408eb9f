/**
 * The item-cold-start protocol: the newest items are kept out of training, and test users are split
 * into a cold group (test item cold) and a warm group.
 */
package io.palr.eval.coldstart;
