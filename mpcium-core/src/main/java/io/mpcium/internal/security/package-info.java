/**
 * Node security plumbing, not for users: envelope signing and point-to-point encryption
 * ({@link io.mpcium.internal.security.EnvelopeSealer}), share encryption at rest ({@link
 * io.mpcium.internal.security.ShareVault}) and request replay protection ({@link
 * io.mpcium.internal.security.ReplayGuard}, {@link io.mpcium.internal.security.RequestGate}).
 */
package io.mpcium.internal.security;
