/**
 * Losses: the {@link io.nnlab.nn.losses.Loss} contract, the base class
 * {@link io.nnlab.nn.losses.AbstractLoss} (the reused gradient buffer and the input checks) that
 * nnlab's losses and user losses extend, and the Keras losses: mean squared error, binary,
 * categorical and sparse categorical cross-entropy, and the tutorials' sum-squared error.
 */
package io.nnlab.nn.losses;
