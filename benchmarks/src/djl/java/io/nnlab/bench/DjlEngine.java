package io.nnlab.bench;

import ai.djl.engine.Engine;

/**
 * DJL's PyTorch engine, offline: libtorch comes from the pytorch-native-cpu jar on the class path,
 * never from a download, and PyTorch uses the number of threads the benchmark asks for.
 */
final class DjlEngine {
    private DjlEngine() {}

    /** Must run before the first DJL call of the JVM: PyTorch reads its thread counts once. */
    static Engine start(String threads) {
        int n = threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
        if (n < 1) throw new IllegalArgumentException("threads must be \"all\" or a positive count, got " + threads);
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        if (engine == null) {
            throw new IllegalStateException("DJL found no PyTorch engine: build with -Pdjl so that pytorch-engine, "
                    + "pytorch-jni and pytorch-native-cpu (linux-x86_64) are in the jar");
        }
        return engine;
    }
}
