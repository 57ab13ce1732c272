package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files cross between nnlab and Python without either side's safetensors library: python3 reads and
 * writes the format with json, struct and numpy only. Values are compared as bit patterns. Skipped
 * where python3 or numpy is missing.
 */
class PythonInteropTest {

    @TempDir
    Path dir;

    /** Prints, per tensor, tab-separated: name, dtype, shape, and the values' bit patterns as unsigned integers. */
    private static final String READ = """
            import json, struct, sys
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            data = raw[8 + n:]
            meta = header.pop('__metadata__', {})
            crcs = json.loads(meta.pop('nnlab.crc32c', '{"tensors": {}}'))['tensors']
            print('META', json.dumps(meta, sort_keys=True))
            def crc32c(b):  # bit by bit, from the Castagnoli polynomial (reflected 0x82f63b78)
                c = 0xffffffff
                for byte in b:
                    c ^= byte
                    for _ in range(8):
                        c = (c >> 1) ^ (0x82f63b78 if c & 1 else 0)
                return c ^ 0xffffffff
            kinds = {'F32': ('<f4', '<u4'), 'F64': ('<f8', '<u8')}
            for name, e in header.items():
                begin, end = e['data_offsets']
                a = np.frombuffer(data[begin:end], dtype=kinds[e['dtype']][0]).reshape(e['shape'])
                bits = a.reshape(-1).view(kinds[e['dtype']][1]).tolist()
                print('\\t'.join([json.dumps(name), e['dtype'], json.dumps(list(a.shape), separators=(',', ':')),
                                 ' '.join(map(str, bits))]))
                print('CRC', json.dumps(name), crcs.get(name), format(crc32c(data[begin:end]), '08x'))
            """;

    /** Rewrites a file as another tool would: tensors in reverse order, keys sorted, metadata kept. */
    private static final String REWRITE = """
            import json, struct, sys
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            data = raw[8 + n:]
            meta = header.pop('__metadata__')
            out, blobs, offset = {'__metadata__': meta}, [], 0
            for name in reversed(list(header)):
                e = header[name]
                b = data[e['data_offsets'][0]:e['data_offsets'][1]]
                out[name] = {'dtype': e['dtype'], 'shape': e['shape'], 'data_offsets': [offset, offset + len(b)]}
                blobs.append(b)
                offset += len(b)
            h = json.dumps(out, sort_keys=True).encode('utf-8')
            open(sys.argv[2], 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            """;

    /** Writes tensors from a seeded numpy generator as the format says, header unpadded, then prints them. */
    private static final String WRITE = """
            import json, struct, sys
            import numpy as np
            rng = np.random.default_rng(7)
            arrays = {
                'layer/kernel': rng.standard_normal((3, 4)).astype('<f4'),
                'layer/bias': np.array([0.0, -0.0, np.nan, np.inf, 5e-324], dtype='<f8'),
                'scalar': np.array(1.0 / 3.0, dtype='<f8'),
                'cube': rng.uniform(-1, 1, (2, 2, 2)).astype('<f4'),
            }
            header, blobs, offset = {'__metadata__': {'framework': 'numpy', 'dtype': 'float32'}}, [], 0
            for name, a in arrays.items():
                b = a.tobytes()
                header[name] = {'dtype': {'float32': 'F32', 'float64': 'F64'}[a.dtype.name],
                                'shape': list(a.shape), 'data_offsets': [offset, offset + len(b)]}
                blobs.append(b)
                offset += len(b)
            h = json.dumps(header).encode('utf-8')
            with open(sys.argv[1], 'wb') as f:
                f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            for name, a in arrays.items():
                kind = '<u4' if a.dtype.itemsize == 4 else '<u8'
                print('\\t'.join([json.dumps(name), a.dtype.name, json.dumps(list(a.shape), separators=(',', ':')),
                                 ' '.join(map(str, a.reshape(-1).view(kind).tolist()))]))
            """;

    @Test
    void pythonReadsWhatNnlabWrites() throws IOException {
        Map<String, Tensor> tensors = SafetensorsTest.sample();
        Path file = dir.resolve("from-nnlab.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "nnlab", "epoch", "3"));
        List<String> lines = python(READ, file.toString());
        assertEquals("META {\"epoch\": \"3\", \"format\": \"nnlab\"}", lines.get(0));
        assertEquals(2 * tensors.size(), lines.size() - 1);
        int i = 1;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            String[] parts = lines.get(i++).split("\t", -1);
            String[] crc = lines.get(i++).split(" ");
            assertEquals(crc[crc.length - 1], crc[crc.length - 2], "nnlab's CRC32C of " + e.getKey() + " against python's");
            assertEquals(e.getKey(), Json.parse(parts[0]), "name");
            assertEquals(t.dtype() == DType.FLOAT32 ? "F32" : "F64", parts[1]);
            assertEquals(Json.write(t.shape()), parts[2]);
            assertEquals(bits(t), parts[3], e.getKey());
        }
    }

    @Test
    void aFileAnotherToolRewroteInItsOwnOrderStillVerifies() throws IOException {
        Map<String, Tensor> tensors = SafetensorsTest.sample();
        Path file = dir.resolve("from-nnlab.safetensors");
        Path rewritten = dir.resolve("rewritten.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "nnlab"));
        python(REWRITE, file.toString(), rewritten.toString());
        Safetensors s = Safetensors.read(rewritten);
        assertTrue(s.verified());
        assertEquals(List.copyOf(new java.util.TreeSet<>(tensors.keySet())), List.copyOf(s.tensors().keySet()),
                "the header's keys sorted; the data in reverse order");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) assertTrue(e.getValue().bitEquals(s.tensor(e.getKey())));
    }

    @Test
    void nnlabReadsWhatPythonWrites() throws IOException {
        Path file = dir.resolve("from-numpy.safetensors");
        List<String> lines = python(WRITE, file.toString());
        Safetensors s = Safetensors.read(file);
        assertEquals(Map.of("framework", "numpy", "dtype", "float32"), s.metadata());
        assertTrue(!s.verified(), "a file without nnlab's checksums reads unverified");
        assertEquals(4, lines.size());
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            String name = (String) Json.parse(parts[0]);
            names.add(name);
            Tensor t = s.tensor(name);
            assertEquals(DType.parse(parts[1]), t.dtype(), name);
            assertEquals(parts[2], Json.write(t.shape()), name);
            assertEquals(parts[3], bits(t), name);
        }
        assertEquals(names, List.copyOf(s.tensors().keySet()));
        assertTrue(Double.isNaN(s.tensor("layer/bias").getFlat(2)));
    }

    /** The values' bit patterns, as numpy prints them viewed as unsigned integers. */
    private static String bits(Tensor t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.dtype() == DType.FLOAT32 ? Integer.toUnsignedString(Float.floatToRawIntBits(t.floats()[i]))
                    : Long.toUnsignedString(Double.doubleToRawLongBits(t.doubles()[i])));
        }
        return String.join(" ", out);
    }

    /** Runs python3 on a script; skips the test where python3 or numpy is missing. */
    private static List<String> python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not available: " + e.getMessage());
            throw e;
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            assumeTrue(!out.contains("No module named 'numpy'"), "numpy not available to python3");
            if (p.exitValue() != 0) throw new IOException("python3 failed:\n" + out);
            return out.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
