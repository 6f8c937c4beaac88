package dev.mx20.relay.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of STARTTLS (RFC 3207): an {@link SSLContext} from a PEM certificate chain and a PEM PKCS#8
 * private key, the files Postfix's {@code smtpd_tls_cert_file} / {@code smtpd_tls_key_file} name. The JDK does the
 * TLS; this class only reads the files, with errors that say what is wrong.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * @param certFile PEM, the server certificate first, then its chain
     * @param keyFile  PEM {@code BEGIN PRIVATE KEY} (PKCS#8, unencrypted): RSA, EC or Ed25519
     * @throws IOException when a file cannot be read or does not hold what it should
     */
    public static SSLContext fromPem(Path certFile, Path keyFile) throws IOException {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
            if (chain.isEmpty()) {
                throw new IOException(certFile + ": no certificate in the file");
            }
            PrivateKey key = privateKey(keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("smtpd", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + certFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IOException(keyFile + ": a traditional (PKCS#1/SEC1) key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem'");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(keyFile + ": no unencrypted PKCS#8 'BEGIN PRIVATE KEY' block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String alg : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new IOException(keyFile + ": not an RSA, EC or Ed25519 private key");
    }
}
