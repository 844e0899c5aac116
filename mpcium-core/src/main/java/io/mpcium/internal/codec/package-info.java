/** The length-prefixed binary encoding of every internal message and record. Not for users. */
package io.mpcium.internal.codec;
