/**
 * Outputs written all or nothing ({@link io.palr.io.output.AtomicOutput}), the manifest of an
 * output folder ({@link io.palr.io.output.FolderManifest}) and the check that an output never
 * overwrites an input ({@link io.palr.io.output.OutputGuard}).
 */
package io.palr.io.output;
