package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BatcherTest {

    /** n samples of two features (i, 10 i) and one target 100 i, so each row says which sample it is. */
    private static Tensor[] xy(int n) {
        Tensor x = Tensor.zeros(DType.FLOAT64, n, 2), y = Tensor.zeros(DType.FLOAT64, n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, i, 0);
            x.set(10 * i, i, 1);
            y.set(100 * i, i, 0);
        }
        return new Tensor[] {x, y};
    }

    @Test
    void inOrderBatchesKeepTheLastPartialBatch() {
        Tensor[] xy = xy(10);
        Batcher b = Batcher.inOrder(4, xy);
        assertEquals(3, b.batches());
        assertEquals(4, b.size(0));
        assertEquals(2, b.size(2));
        Tensor[] last = b.batch(2);
        assertArrayEquals(new double[] {8, 80, 9, 90}, last[0].doubles());
        assertArrayEquals(new double[] {800, 900}, last[1].doubles());
        assertArrayEquals(new double[] {4, 40, 5, 50, 6, 60, 7, 70}, b.batch(1)[0].doubles());
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        Batcher b = Batcher.inOrder(4, xy(10)).dropLast();
        assertEquals(2, b.batches());
        assertThrows(IndexOutOfBoundsException.class, () -> b.size(2));
        assertEquals(2, Batcher.shuffled(4, 1, xy(8)).dropLast().batches());
    }

    @Test
    void epochEIsTheEPlusFirstShuffleOfOneSeededStream() {
        int n = 50;
        Batcher b = Batcher.shuffled(16, 99, xy(n));
        Rng rng = new Rng(99);
        for (int e = 0; e < 3; e++) {
            b.startEpoch(e);
            int[] want = new int[n];
            for (int i = 0; i < n; i++) want[i] = i;
            rng.shuffle(want);
            assertArrayEquals(want, b.order(), "epoch " + e);
        }
        int[] epoch2 = b.order();
        Batcher resumed = Batcher.shuffled(16, 99, xy(n));
        resumed.startEpoch(2);
        assertArrayEquals(epoch2, resumed.order(), "a run resumed at epoch 2 sees epoch 2's batches");
        resumed.startEpoch(0);
        int[] epoch0 = resumed.order();
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(epoch2));
        int[] sorted = epoch0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) assertEquals(i, sorted[i]);
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(orderOf(Batcher.shuffled(16, 100, xy(n)))));
    }

    @Test
    void shuffledBatchesGatherTheSameRowsOfEveryTensor() {
        Batcher b = Batcher.shuffled(3, 7, xy(7));
        b.startEpoch(4);
        int[] order = b.order();
        for (int batch = 0; batch < b.batches(); batch++) {
            Tensor[] t = b.batch(batch);
            for (int r = 0; r < b.size(batch); r++) {
                int sample = order[batch * 3 + r];
                assertEquals(sample, t[0].get(r, 0));
                assertEquals(10.0 * sample, t[0].get(r, 1));
                assertEquals(100.0 * sample, t[1].get(r, 0));
            }
        }
    }

    @Test
    void oneBatchOfEverythingIsTheSourcesInTheirOwnOrder() {
        Tensor[] xy = xy(5);
        Batcher b = Batcher.shuffled(5, 1, xy);
        b.startEpoch(3);
        assertEquals(1, b.batches());
        assertSame(xy[0], b.batch(0)[0]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, b.order());
        assertEquals(5, Batcher.inOrder(32, xy).batchSize(), "a batch size above the samples is all of them");
    }

    @Test
    void badInputNamesWhatIsWrong() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 2), y = Tensor.zeros(DType.FLOAT32, 3);
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> Batcher.inOrder(2, x, y));
        assertTrue(rows.getMessage().contains("tensor 0 has 4, tensor 1 [3]"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batcher.inOrder(0, x));
        assertThrows(IllegalArgumentException.class, () -> Batcher.inOrder(2));
        assertThrows(IllegalArgumentException.class, () -> Batcher.inOrder(2, Tensor.zeros(DType.FLOAT32, 0, 2)));
        assertThrows(IllegalArgumentException.class, () -> Batcher.shuffled(2, 1, x).startEpoch(-1));
    }

    private static int[] orderOf(Batcher b) {
        b.startEpoch(0);
        return b.order();
    }
}
