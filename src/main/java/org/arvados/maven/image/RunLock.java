package org.arvados.maven.image;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One image run at a time per output folder and cloud. Runs of a cloud share {@code <outputDirectory>/<cloud>/}
 * (template, var file, scripts, manifest), so a second run, in another Maven or in this JVM, waits for the first
 * and says whose run it waits for. The lock file {@code <outputDirectory>/.<cloud>.lock} names the holder.
 */
final class RunLock implements AutoCloseable {
    /** File locks belong to the process: threads of one JVM also take this lock first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private RunLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static RunLock acquire(Path outputDirectory, String cloud, BuildLog log) throws IOException {
        try {
            Files.createDirectories(outputDirectory);
        } catch (IOException e) {
            throw new InvalidInputException("<outputDirectory> (arvados.outputDirectory): cannot make the folder "
                    + outputDirectory + " (" + (Files.exists(outputDirectory) ? "a file of that name exists"
                    : e.getClass().getSimpleName() + ": " + e.getMessage()) + "); point it at a folder this build may"
                    + " write, such as the default ${project.build.directory}/arvados.");
        }
        Path file = outputDirectory.resolve("." + cloud + ".lock").toAbsolutePath().normalize();
        ReentrantLock jvmLock = IN_THIS_JVM.computeIfAbsent(file, path -> new ReentrantLock());
        if (!jvmLock.tryLock()) {
            waiting(file, log);
            jvmLock.lock();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                waiting(file, log);
                fileLock = channel.lock();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("arvados:" + cloud + "-image in process " + ProcessHandle.current().pid() + ", since "
                    + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new RunLock(jvmLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            jvmLock.unlock();
            throw e;
        }
    }

    private static void waiting(Path file, BuildLog log) {
        String holder;
        try {
            holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            holder = "";
        }
        log.info("Waiting for another run that uses the same output folder: " + (holder.isEmpty() ? "unknown" : holder)
                + " (lock " + file + ").");
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
