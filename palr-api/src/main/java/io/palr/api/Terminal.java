package io.palr.api;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;

/**
 * Whether this process writes to an interactive terminal, so that progress bars are redrawn in
 * place there and only final lines go to log files and pipes.
 */
public final class Terminal {
  private static final boolean ATTACHED = detect();

  private Terminal() {}

  /** True when standard input and output are an interactive terminal. */
  public static boolean attached() {
    return ATTACHED;
  }

  // the null check is only the Java 17-21 answer; isTerminal() is asked for where it exists
  @SuppressWarnings("SystemConsoleNull")
  private static boolean detect() {
    Console console = System.console();
    if (console == null) {
      return false; // Java 17 to 21: no console unless both streams are a terminal
    }
    // Java 22 and newer return a console even when redirected; Console.isTerminal() tells
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a non-null console is a terminal
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return false;
    }
  }
}
