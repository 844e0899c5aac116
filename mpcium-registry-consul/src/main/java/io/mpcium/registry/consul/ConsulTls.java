package io.mpcium.registry.consul;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for {@link ConsulPeerRegistry.Builder#sslContext}: {@link #trusting(Path)} trusts
 * exactly the CA certificates of a PEM file (such as the {@code consul-agent-ca.pem} that {@code
 * consul tls ca create} writes, Consul's {@code ca_file}). For a client certificate (agents with
 * {@code verify_incoming}), build the {@link SSLContext} with its key managers yourself.
 */
public final class ConsulTls {
  private ConsulTls() {}

  /** A TLS context that trusts only the certificates in {@code caPem} (one or more, PEM). */
  public static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(caPem, "caPem");
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caPem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + caPem);
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      trusted.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
