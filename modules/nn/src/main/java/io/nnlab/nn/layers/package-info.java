/**
 * Layers: the {@link io.nnlab.nn.layers.Layer} contract, the base class
 * {@link io.nnlab.nn.layers.AbstractLayer} (naming, building once, input and gradient checks) that
 * nnlab's layers and user layers extend, and the layers themselves: Dense, Dropout, Flatten,
 * BatchNorm, and each activation function as a layer of its own.
 */
package io.nnlab.nn.layers;
