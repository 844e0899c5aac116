/**
 * Mpcium's client wire protocol over NATS JetStream: stream, consumer and subject names,
 * request messages with the exact bytes their initiators sign (Go JSON encoding), result
 * events in Mpcium's field order, and error codes. Shared by the gateway and the Java client.
 */
package io.mpcium.transport.nats.wire;
