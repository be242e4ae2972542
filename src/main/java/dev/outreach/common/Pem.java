package dev.outreach.common;

/** PEM text (RFC 7468): the base64 body of a {@code PRIVATE KEY} block, without its armour and line breaks. */
public final class Pem {

    private Pem() {}

    public static String privateKeyBody(String pem) {
        return pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    }
}
