/**
 * The embedded default SPI implementations: a transport and registry shared by the nodes of one
 * JVM, and a key store per node. Nothing survives the JVM.
 */
package io.mpcium.inmemory;
