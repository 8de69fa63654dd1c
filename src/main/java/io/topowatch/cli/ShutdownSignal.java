package io.topowatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM or Ctrl-C into a stop request for a long-running command, and holds the JVM's exit until
 * the command has closed what it started. Every close path is itself time-bounded, so the hook ends.
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "topowatch-shutdown");

    static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits for a stop request; false when {@code timeout} passed first. A null timeout waits for ever. */
    boolean await(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            stop.await();
            return true;
        }
        return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The command has shut down: let a running hook finish, or remove the hook if none runs. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running and was released above
        }
    }

    private void onShutdown() {
        stop.countDown();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
