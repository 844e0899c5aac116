package io.mpcium.registry.consul;

import io.mpcium.spi.RegistryException;

/**
 * Consul could not be reached or could not answer (network failure, no leader, server error):
 * the operation may succeed when tried again later, unlike a refusal.
 */
public final class ConsulUnavailableException extends RegistryException {
  private static final long serialVersionUID = 1L;

  ConsulUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
