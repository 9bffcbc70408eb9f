package io.palr.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The palr version, from the build (resource {@code io/palr/cli/version.properties}, filtered by
 * Maven).
 */
public final class Version implements IVersionProvider {
  /** The palr version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build. */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/io/palr/cli/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "palr " + get(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
