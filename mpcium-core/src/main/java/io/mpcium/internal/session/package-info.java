/**
 * The session driver: the only code that binds a protocol run to the network, the clock and the
 * scheduler. Not for users.
 */
package io.mpcium.internal.session;
