/**
 * {@link io.mpcium.transport.nats.client.MpcClient}: the Java counterpart of Mpcium's Go client
 * for wallet services, and loading of Mpcium's initiator key files.
 */
package io.mpcium.transport.nats.client;
