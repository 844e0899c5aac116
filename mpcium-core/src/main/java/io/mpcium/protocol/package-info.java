/**
 * The protocol engine: pure rounds ({@link io.mpcium.protocol.Round}), their outcomes, the
 * {@link io.mpcium.protocol.ProtocolAbort} that names culprits, and a one-thread simulation for
 * tests and benchmarks. Not a stable API yet.
 */
package io.mpcium.protocol;
