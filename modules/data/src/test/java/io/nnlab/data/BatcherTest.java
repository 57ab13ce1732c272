package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nnlab.tensor.Tensor;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BatcherTest {

    @Test
    void sequentialBatchesKeepTheLastPartialBatch() {
        Batcher b = Batcher.sequential(DatasetTest.regression(10), 4);
        assertEquals(3, b.batches());
        assertEquals(4, b.size(0));
        assertEquals(2, b.size(2));
        assertEquals(2, b.lastBatchSize());
        Tensor x = b.newFeatures(2);
        Tensor y = b.newTargets(2);
        b.fill(2, x, y);
        assertArrayEquals(new double[] {8, 80, 9, 90}, x.doubles());
        assertArrayEquals(new double[] {800, 900}, y.doubles());
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        Batcher b = Batcher.sequential(DatasetTest.regression(10), 4).dropLast();
        assertEquals(2, b.batches());
        assertEquals(4, b.lastBatchSize());
        assertThrows(IndexOutOfBoundsException.class, () -> b.size(2));
        Batcher even = Batcher.shuffled(DatasetTest.regression(8), 4, 1).dropLast();
        assertEquals(2, even.batches());
        assertEquals(0, Batcher.sequential(DatasetTest.regression(3), 4).dropLast().batches());
    }

    @Test
    void shuffledEpochsCoverEverySampleOnceAndDependOnlyOnSeedAndEpoch() {
        Dataset d = DatasetTest.classification(50);
        Batcher b = Batcher.shuffled(d, 16, 99);
        assertEquals(4, b.batches());
        assertEquals(2, b.lastBatchSize());
        int[] epoch0 = b.order();
        b.reshuffle(1);
        int[] epoch1 = b.order();
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(epoch1));
        int[] sorted = epoch1.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);

        Batcher fresh = Batcher.shuffled(d, 16, 99);
        fresh.reshuffle(1);
        assertArrayEquals(epoch1, fresh.order(), "epoch 1's order does not depend on what ran before");
        fresh.reshuffle(0);
        assertArrayEquals(epoch0, fresh.order());
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(Batcher.shuffled(d, 16, 100).order()));

        // Labels and features stay paired, batch by batch, in the epoch's order.
        Tensor x = b.newFeatures(16);
        int[] y = new int[16];
        int seen = 0;
        for (int k = 0; k < b.batches(); k++) {
            int n = b.size(k);
            Tensor xb = n == 16 ? x : b.newFeatures(n);
            int[] yb = n == 16 ? y : new int[n];
            b.fill(k, xb, yb);
            for (int i = 0; i < n; i++) {
                int sample = epoch1[k * 16 + i];
                assertEquals(sample, (int) xb.get(i, 1, 1));
                assertEquals(sample % 3, yb[i]);
            }
            seen += n;
        }
        assertEquals(50, seen);
    }

    @Test
    void fillChecksTheBufferSizes() {
        Batcher b = Batcher.sequential(DatasetTest.classification(10), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.fill(2, b.newFeatures(4), new int[4]));
        assertEquals("Batcher.fill: batch 2 has 2 samples, features tensor has shape [4, 2, 2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.fill(2, b.newFeatures(2), new int[4]));
    }
}
