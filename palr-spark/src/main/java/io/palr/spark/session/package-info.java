/** Starting and configuring Spark sessions for palr jobs. */
package io.palr.spark.session;
