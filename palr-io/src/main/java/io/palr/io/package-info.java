/** What every palr file format shares: {@link io.palr.io.FileFormatException}. */
package io.palr.io;
