package io.nnlab.spark;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.Parallelism;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Puts the JVM a task runs in into the state its sweep's settings ask for: the backend and the
 * kernels' threads, which are global to a JVM, and a check of the vector width, which only the JVM's
 * start-up options set. Tasks of one sweep ask for the same; a task asking for another backend while
 * runs on this one are in flight is refused rather than let change their kernels under them.
 */
final class TaskJvm {
    private static int running;
    private static Backend runningBackend;
    private static String host;

    private TaskJvm() {}

    static synchronized void enter(SweepSettings s) {
        int bits = Backend.vectorBits();
        if (s.vectorBits() != 0 && bits != s.vectorBits()) {
            throw new IllegalStateException("the sweep fixes vectors of " + s.vectorBits() + " bits, and this JVM's (on "
                    + host() + ") are " + bits + " bits wide: start it with -XX:MaxVectorSize=" + s.vectorBits() / 8
                    + " (SparkSweep.configure adds that to spark.executor.extraJavaOptions; an embedded local[*] run is "
                    + "this JVM itself), or fix a width every executor has");
        }
        if (running > 0 && runningBackend != s.backend()) {
            throw new IllegalStateException("this JVM (on " + host() + ") is running sweep tasks on the " + runningBackend.label()
                    + " backend; a task on " + s.backend().label() + " cannot share it: run the two sweeps one after the other");
        }
        if (Backend.current() != s.backend()) Backend.use(s.backend());
        if (s.threads() > 0) Parallelism.setThreads(s.threads());
        runningBackend = s.backend();
        running++;
    }

    static synchronized void exit() { running--; }

    static synchronized String host() {
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown host";
            }
        }
        return host;
    }
}
