package io.nnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PeerResultTest {

    @Test
    void parsesResultLinesAndSkipsCommentary() {
        List<PeerResult> r = PeerResult.parseAll(List.of(
                "numpy 2.3.0, warming up",
                "RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=Haswell seconds=1.93064",
                "RESULT peer=scipy bench=bfgs_ripple dtype=float64 threads=2 coretype=unset seconds=0.1 nit=150"));
        assertEquals(2, r.size());
        assertEquals(1.93064, r.get(0).seconds());
        assertEquals("mnist_epoch", r.get(0).get("bench"));
        assertEquals("32", r.get(0).get("batch"));
        assertEquals("150", r.get(1).get("nit"));
        assertEquals("", r.get(1).get("batch"));
    }

    @Test
    void badLinesSayWhatWasExpected() {
        var noSeconds = assertThrows(IllegalArgumentException.class,
                () -> PeerResult.parse("RESULT peer=numpy bench=gemm"));
        assertTrue(noSeconds.getMessage().contains("seconds"), noSeconds.getMessage());
        var notNumber = assertThrows(IllegalArgumentException.class,
                () -> PeerResult.parse("RESULT peer=numpy bench=gemm seconds=fast"));
        assertTrue(notNumber.getMessage().contains("not a number"), notNumber.getMessage());
        var noEquals = assertThrows(IllegalArgumentException.class,
                () -> PeerResult.parse("RESULT peer=numpy bench gemm seconds=1"));
        assertTrue(noEquals.getMessage().contains("\"bench\""), noEquals.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerResult.parse("RESULT peer=numpy bench=gemm seconds=0"));
        assertThrows(IllegalArgumentException.class, () -> PeerResult.parse("numpy bench=gemm seconds=1"));
    }
}
