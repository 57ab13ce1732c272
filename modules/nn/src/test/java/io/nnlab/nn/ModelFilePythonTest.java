package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Models cross between nnlab and numpy: python3, with json, struct and numpy only, runs the forward pass
 * of a model file nnlab saved, and writes a model file (weights and architecture) that nnlab loads and
 * runs. Predictions agree to rounding (numpy's matmul and nnlab's GEMM sum in different orders).
 * Skipped where python3 or numpy is missing.
 */
class ModelFilePythonTest {

    @TempDir
    Path dir;

    /** Reads weights and architecture, runs a tanh-then-linear net on x.npy, writes y.npy. */
    private static final String FORWARD = """
            import json, struct, sys
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            header = json.loads(raw[8:8 + n])
            arch = json.loads(header.pop('__metadata__')['nnlab.architecture'])
            data = raw[8 + n:]
            kinds = {'F32': '<f4', 'F64': '<f8'}
            w = {k: np.frombuffer(data[e['data_offsets'][0]:e['data_offsets'][1]], kinds[e['dtype']]).reshape(e['shape'])
                 for k, e in header.items()}
            act = {'tanh': np.tanh, 'linear': lambda z: z, 'relu': lambda z: np.maximum(z, 0)}
            h = np.load(sys.argv[2]).astype(np.float64)
            for layer in arch['layers']:
                c = layer['config']
                assert layer['class'] == 'Dense', layer
                h = h @ w[c['name'] + '/kernel'].astype(np.float64)
                if c['use_bias']:
                    h = h + w[c['name'] + '/bias']
                h = act[c['activation']](h)
            np.save(sys.argv[3], h)
            """;

    /** Writes a 3-5-2 net (tanh, then linear) as an nnlab model file, and its prediction for x.npy. */
    private static final String WRITE = """
            import json, struct, sys
            import numpy as np
            rng = np.random.default_rng(5)
            w = {'in/kernel': rng.standard_normal((3, 5)), 'in/bias': rng.standard_normal(5),
                 'out/kernel': rng.standard_normal((5, 2)), 'out/bias': rng.standard_normal(2)}
            arch = {'class': 'Sequential', 'name': 'from_numpy', 'dtype': 'float64', 'input_shape': [3], 'layers': [
                {'class': 'Dense', 'config': {'name': 'in', 'units': 5, 'activation': 'tanh', 'use_bias': True,
                                              'kernel_regularizer': None, 'bias_regularizer': None}},
                {'class': 'Dense', 'config': {'name': 'out', 'units': 2, 'activation': 'linear', 'use_bias': True,
                                              'kernel_regularizer': None, 'bias_regularizer': None}}]}
            header = {'__metadata__': {'format': 'nnlab', 'nnlab.architecture': json.dumps(arch)}}
            blobs, offset = [], 0
            for name, a in w.items():
                b = a.astype('<f8').tobytes()
                header[name] = {'dtype': 'F64', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(b)]}
                blobs.append(b)
                offset += len(b)
            h = json.dumps(header).encode()
            open(sys.argv[1], 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            x = np.load(sys.argv[2])
            np.save(sys.argv[3], np.tanh(x @ w['in/kernel'] + w['in/bias']) @ w['out/kernel'] + w['out/bias'])
            """;

    @Test
    void numpyRunsAModelNnlabSaved() throws IOException {
        for (DType dtype : DType.values()) {
            Sequential model = Sequential.builder().input(4).dense(6, Activation.TANH).add(new Dense(2).useBias(false))
                    .dense(3, Activation.RELU).build(dtype, 8);
            Path file = dir.resolve(dtype + ".safetensors");
            ModelFile.save(model, file);
            Tensor x = Tensor.normal(dtype, new Rng(2), 0, 1, 7, 4);
            Tensor numpy = run(FORWARD, file, x);
            double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            assertTrue(model.predict(x).astype(DType.FLOAT64).allClose(numpy, tol, tol),
                    model.predict(x) + " vs " + numpy);
        }
    }

    @Test
    void nnlabLoadsAndRunsAModelNumpyWrote() throws IOException {
        Path file = dir.resolve("numpy.safetensors");
        Tensor x = Tensor.normal(DType.FLOAT64, new Rng(4), 0, 1, 6, 3);
        Tensor numpy = run(WRITE, file, x);
        Sequential model = ModelFile.load(file);
        assertEquals("from_numpy", model.name());
        assertEquals(2, model.layers().size());
        assertTrue(model.predict(x).allClose(numpy, 1e-12, 1e-12), model.predict(x) + " vs " + numpy);
    }

    /** Runs a script with (model file, x.npy, y.npy) and returns y; arrays pass through .npy files. */
    private Tensor run(String script, Path model, Tensor x) throws IOException {
        Path xFile = dir.resolve("x.npy"), yFile = dir.resolve("y.npy");
        // A .npy file is a header and raw data; the safetensors reader has no part in this round trip.
        writeNpy(xFile, x);
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, model.toString(), xFile.toString(), yFile.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not available: " + e.getMessage());
            throw e;
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            assumeTrue(!out.contains("No module named 'numpy'"), "numpy not available to python3");
            if (p.exitValue() != 0) throw new IOException("python3 failed:\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return readNpy(yFile);
    }

    private static void writeNpy(Path file, Tensor t) throws IOException {
        String descr = t.dtype() == DType.FLOAT32 ? "<f4" : "<f8";
        String shape = t.rows() + ", " + t.cols();
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(total + t.size() * t.dtype().bytes())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) b.putFloat(t.floats()[i]);
            else b.putDouble(t.doubles()[i]);
        }
        java.nio.file.Files.write(file, b.array());
    }

    /** Reads the float64 2-D array the scripts save (numpy writes format 1.0, C order). */
    private static Tensor readNpy(Path file) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xffff;
        String header = new String(b.array(), 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f8'") && header.contains("'fortran_order': False"), header);
        String[] dims = header.replaceAll(".*'shape': \\((\\d+), (\\d+)\\).*\\s*", "$1 $2").trim().split(" ");
        int r = Integer.parseInt(dims[0]), c = Integer.parseInt(dims[1]);
        double[] v = new double[r * c];
        b.position(10 + headerLength);
        b.asDoubleBuffer().get(v);
        return Tensor.of(v, r, c);
    }
}
