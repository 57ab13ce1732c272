/**
 * Activation functions, each usable as a {@code Dense} option (Keras' {@code activation=}) or as a
 * layer of its own; the forward and backward math of each is written once, here, for both uses.
 */
package io.nnlab.nn.activations;
