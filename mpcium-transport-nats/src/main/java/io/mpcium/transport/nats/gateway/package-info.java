/**
 * The Mpcium-compatible client gateway: each node serves Mpcium's JetStream request/result
 * protocol ({@link io.mpcium.transport.nats.gateway.MpciumGateway}).
 */
package io.mpcium.transport.nats.gateway;
