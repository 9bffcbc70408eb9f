package io.palr.io.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output file or folder written all or nothing. The content goes into a temporary sibling
 * ({@link #staging()}, named {@code .NAME.PID-TOKEN.palr-tmp}); {@link #commit} verifies it and
 * only then moves it over the target (a file by one atomic rename, a folder by two renames with the
 * old folder kept as {@code .NAME.PID-TOKEN.palr-old} until the new one is in place). Until then
 * the previous output is untouched.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.folder(dir)) {
 *   write(out.staging());
 *   out.commit(staged -> readBack(staged));
 * } // not committed (exception, Ctrl-C): the temporary is deleted, dir is as it was
 * }</pre>
 *
 * <p>What is left behind never survives the next run: an uncommitted output is deleted on {@link
 * #close}, and on SIGINT/SIGTERM by a shutdown hook; after SIGKILL or a power cut, the next
 * AtomicOutput for the same target deletes temporaries of processes that no longer run, and
 * restores a kept old folder if the target is missing ({@link #recover} does the latter for
 * readers).
 *
 * <p>A folder output gets a {@link FolderManifest} (sizes and SHA-256 of every file). An existing
 * folder is replaced only if it is empty or holds such a manifest, so a mistyped {@code -o $HOME}
 * is refused instead of deleted. An output opened inside the staging folder of another open output
 * of this process is written in place (replacing what was there, unless another open output is
 * writing that very folder): the outer output already makes it atomic.
 */
public final class AtomicOutput implements AutoCloseable {
  /** Suffix of temporaries being written. */
  public static final String TEMP_SUFFIX = ".palr-tmp";

  /** Suffix of an old folder kept while a new one is moved in. */
  public static final String BACKUP_SUFFIX = ".palr-old";

  private static final Pattern SIBLING =
      Pattern.compile("^\\.(.+)\\.(\\d+)-([0-9a-z]+)\\.palr-(tmp|old)$");
  private static final long PID = ProcessHandle.current().pid();
  private static final Set<AtomicOutput> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  /** Checks a staged output before it replaces the target. */
  @FunctionalInterface
  public interface Verifier {
    /**
     * Reads back what was written; throws if it is incomplete or invalid.
     *
     * @param staged the staged file or folder
     * @throws IOException if it is not a valid output
     */
    void verify(Path staged) throws IOException;
  }

  /** Writes an output's content. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content.
     *
     * @param staging the file or folder to write (a folder exists already, a file does not)
     * @throws IOException if writing fails
     */
    void writeTo(Path staging) throws IOException;
  }

  private final Path target;
  private final Path staging;
  private final boolean folder;
  private final boolean nested;
  private final String token;
  private State state = State.OPEN;

  private AtomicOutput(Path target, Path staging, boolean folder, boolean nested, String token) {
    this.target = target;
    this.staging = staging;
    this.folder = folder;
    this.nested = nested;
    this.token = token;
  }

  /**
   * Starts writing a file.
   *
   * @param target the file to replace on commit
   * @throws OutputPathException if the target is a folder or cannot be written
   * @throws IOException if the parent folder cannot be created
   */
  public static AtomicOutput file(Path target) throws IOException {
    return open(target, false);
  }

  /**
   * Starts writing a folder; {@link #staging()} exists, empty.
   *
   * @param target the folder to replace on commit
   * @throws OutputPathException if the target is a file, a non-empty folder palr did not write, or
   *     holds the working directory
   * @throws IOException if the folders cannot be created
   */
  public static AtomicOutput folder(Path target) throws IOException {
    return open(target, true);
  }

  /**
   * Writes a file all or nothing.
   *
   * @param target the file
   * @param content writes the staged file
   * @param verifier checks it before it replaces the target
   * @throws IOException if writing or verification fails; the target is then unchanged
   */
  public static void writeFile(Path target, Content content, Verifier verifier) throws IOException {
    try (AtomicOutput out = file(target)) {
      content.writeTo(out.staging());
      out.commit(verifier);
    }
  }

  /**
   * Writes a folder all or nothing.
   *
   * @param target the folder
   * @param content writes into the staged folder
   * @param verifier checks it before it replaces the target
   * @throws IOException if writing or verification fails; the target is then unchanged
   */
  public static void writeFolder(Path target, Content content, Verifier verifier)
      throws IOException {
    try (AtomicOutput out = folder(target)) {
      content.writeTo(out.staging());
      out.commit(verifier);
    }
  }

  private static AtomicOutput open(Path requested, boolean folder) throws IOException {
    Path target = requested.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null || target.getFileName() == null) {
      throw new OutputPathException(requested, "cannot write over the file-system root");
    }
    AtomicOutput outer = enclosing(target);
    if (outer != null) {
      if (folder) {
        // a folder another open output is writing right now is added to, never emptied
        boolean beingWritten = OPEN.stream().anyMatch(o -> o.staging.equals(target));
        if (!beingWritten) {
          deleteRecursively(target);
        }
        Files.createDirectories(target);
      } else {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new OutputPathException(requested, "is a folder; give a file name");
        }
        Files.createDirectories(parent);
      }
      AtomicOutput nested = new AtomicOutput(target, target, folder, true, "");
      OPEN.add(nested);
      return nested;
    }
    Files.createDirectories(parent);
    cleanStale(target);
    checkReplaceable(requested, target, folder);
    String token = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    Path staging = sibling(target, token, TEMP_SUFFIX);
    AtomicOutput out = new AtomicOutput(target, staging, folder, false, token);
    installHook();
    OPEN.add(out);
    if (folder) {
      try {
        Files.createDirectory(staging);
      } catch (IOException e) {
        OPEN.remove(out);
        throw e;
      }
    }
    return out;
  }

  private static AtomicOutput enclosing(Path target) {
    for (AtomicOutput o : OPEN) {
      if (!o.nested && (o.folder ? target.startsWith(o.staging) : target.equals(o.staging))) {
        return o;
      }
    }
    return null;
  }

  private static void checkReplaceable(Path requested, Path target, boolean folder)
      throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    boolean isDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
    if (folder && !isDir) {
      throw new OutputPathException(requested, "exists and is not a folder");
    }
    if (!folder && isDir) {
      throw new OutputPathException(requested, "is a folder; give a file name");
    }
    if (!folder) {
      return;
    }
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (cwd.startsWith(target)) {
      throw new OutputPathException(
          requested, "holds the working directory; refusing to replace it");
    }
    if (!isEmpty(target) && !FolderManifest.isPresent(target)) {
      throw new OutputPathException(
          requested,
          "is a non-empty folder that palr did not write (no "
              + FolderManifest.FILE_NAME
              + "); refusing to replace it: choose a new folder or empty this one");
    }
  }

  /** The file or folder to write into. */
  public Path staging() {
    return staging;
  }

  /** The file or folder replaced on commit (absolute). */
  public Path target() {
    return target;
  }

  /** Whether this output is written in place inside another open output's staging folder. */
  public boolean nested() {
    return nested;
  }

  /** Verifies nothing more than that the staged output exists; see {@link #commit(Verifier)}. */
  public void commit() throws IOException {
    commit(p -> {});
  }

  /**
   * Verifies the staged output and moves it over the target. A folder first gets its {@link
   * FolderManifest}.
   *
   * @param verifier reads back the staged output
   * @throws InterruptedIOException if the process is shutting down and the output was discarded
   * @throws IOException if verification or the move fails; the target is then unchanged
   * @throws IllegalStateException if already committed or closed
   */
  public void commit(Verifier verifier) throws IOException {
    synchronized (this) {
      if (state != State.OPEN) {
        throw new IllegalStateException(
            target + ": output already " + state.name().toLowerCase(Locale.ROOT));
      }
    }
    if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(staging.toString(), null, "nothing was written");
    }
    if (folder) {
      FolderManifest.write(staging);
    }
    verifier.verify(staging);
    if (nested) {
      synchronized (this) {
        state = State.COMMITTED;
        OPEN.remove(this);
      }
      return;
    }
    Path backup = null;
    synchronized (this) {
      if (state != State.OPEN) {
        throw new InterruptedIOException(target + ": interrupted; output discarded");
      }
      if (!folder || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        move(staging, target);
      } else {
        backup = sibling(target, token, BACKUP_SUFFIX);
        move(target, backup);
        try {
          move(staging, target);
        } catch (IOException e) {
          move(backup, target);
          throw e;
        }
      }
      state = State.COMMITTED;
      OPEN.remove(this);
    }
    if (backup != null) {
      try {
        deleteRecursively(backup);
      } catch (IOException e) {
        // a leftover old folder of a finished process is removed by the next run
      }
    }
  }

  /** Discards the staged output unless it was committed; the target stays as it was. */
  @Override
  public void close() {
    abort();
  }

  private synchronized void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    OPEN.remove(this);
    if (!nested) {
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          deleteRecursively(staging);
          return;
        } catch (IOException e) {
          // a writer may still be adding files; what remains goes with the next run's clean-up
        }
      }
    }
  }

  private static void installHook() {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    for (AtomicOutput o : List.copyOf(OPEN)) {
                      o.abort();
                    }
                  },
                  "palr-atomic-output-cleanup"));
    }
  }

  /**
   * Restores an old folder kept by a process that died between the two renames of a folder
   * replacement, when {@code target} is missing. Readers call this before they give up on a missing
   * output; it never throws.
   *
   * @param target a file or folder that is expected to exist
   */
  public static void recover(Path target) {
    Path t = target.toAbsolutePath().normalize();
    if (t.getParent() == null || Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      for (Path p : stale(t)) {
        if (p.getFileName().toString().endsWith(BACKUP_SUFFIX)
            && !Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
          move(p, t);
        }
      }
    } catch (IOException e) {
      // nothing to recover, or no permission to: the reader reports the missing output
    }
  }

  /**
   * Removes temporaries that processes no longer running left beside {@code target}, restoring a
   * kept old folder when the target is missing.
   *
   * @param target the output
   * @return how many temporaries were removed or restored
   * @throws IOException if the parent folder cannot be listed or a temporary cannot be removed
   */
  public static int cleanStale(Path target) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    if (t.getParent() == null || !Files.isDirectory(t.getParent())) {
      return 0;
    }
    int n = 0;
    for (Path p : stale(t)) {
      if (p.getFileName().toString().endsWith(BACKUP_SUFFIX)
          && !Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
        move(p, t);
      } else {
        deleteRecursively(p);
      }
      n++;
    }
    return n;
  }

  /** Temporaries beside {@code target} of processes no longer running, old folders first. */
  private static List<Path> stale(Path target) throws IOException {
    String name = target.getFileName().toString();
    List<Path> backups = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(target.getParent(), "." + globEscape(name) + ".*.palr-*")) {
      for (Path p : ds) {
        Matcher m = SIBLING.matcher(p.getFileName().toString());
        if (!m.matches() || !m.group(1).equals(name)) {
          continue;
        }
        long pid = Long.parseLong(m.group(2));
        if (pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        (m.group(4).equals("old") ? backups : temps).add(p);
      }
    }
    backups.addAll(temps);
    return backups;
  }

  private static String globEscape(String s) {
    return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  private static Path sibling(Path target, String token, String suffix) {
    return target.resolveSibling("." + target.getFileName() + "." + PID + "-" + token + suffix);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /**
   * Deletes a file or a folder with everything in it; symbolic links are removed, never followed.
   *
   * @param path the file or folder; nothing happens if it does not exist
   * @throws IOException if something cannot be deleted
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Override
  public String toString() {
    return "AtomicOutput[" + target + " via " + staging + ", " + state + "]";
  }
}
