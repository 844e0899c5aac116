/**
 * The public API: {@link io.mpcium.ThresholdNode} and its builder, requests and results, node
 * identities, initiators and the request policy.
 */
package io.mpcium;
