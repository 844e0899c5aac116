/**
 * Group and scalar arithmetic the protocols are written against: constant-time scalars modulo a
 * prime, prime-order groups, polynomials and Lagrange coefficients. Not for users.
 */
package io.mpcium.crypto;
