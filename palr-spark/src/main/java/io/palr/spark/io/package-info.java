/** Output folders that appear whole or not at all. */
package io.palr.spark.io;
