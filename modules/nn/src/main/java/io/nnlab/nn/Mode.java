package io.nnlab.nn;

/** Whether a forward pass trains (dropout active, batch statistics) or predicts. */
public enum Mode { TRAIN, INFERENCE }
