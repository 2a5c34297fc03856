package org.arvados.maven.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A daemon thread that hands each line of a child's output to a sink the moment it arrives, and keeps
 * draining even if the sink fails, so the child never blocks on a full pipe.
 */
public final class StreamPump {
    private final Thread thread;

    private StreamPump(Thread thread) {
        this.thread = thread;
    }

    /** Starts pumping; {@code idle} runs whenever no further line is waiting (to flush files). */
    public static StreamPump start(String name, InputStream stream, Consumer<String> sink, Runnable idle) {
        Thread thread = new Thread(() -> pump(stream, sink, idle), name);
        thread.setDaemon(true);
        thread.start();
        return new StreamPump(thread);
    }

    private static void pump(InputStream stream, Consumer<String> sink, Runnable idle) {
        try (LineReader reader = new LineReader(stream)) {
            String line;
            while ((line = reader.readLine()) != null) {
                deliver(sink, line);
                if (!reader.ready()) {
                    idle.run();
                }
            }
        } catch (IOException e) {
            // The stream was closed under us: the child is gone and nothing more will come.
        } finally {
            idle.run();
        }
    }

    private static void deliver(Consumer<String> sink, String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // A failing log must not stop the draining (the child would block); the line is lost.
        }
    }

    /** Waits up to {@code millis} for the stream's end; true when everything was read. */
    public boolean join(long millis) {
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
