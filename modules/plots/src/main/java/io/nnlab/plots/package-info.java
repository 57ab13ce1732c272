/**
 * Charts of training histories and any series, as PNG or SVG files: {@link io.nnlab.plots.Plot}.
 * XChart draws them.
 */
package io.nnlab.plots;
