/**
 * The working part of a node: request admission, proposals, the session router and key storage.
 * Not for users.
 */
package io.mpcium.internal.node;
