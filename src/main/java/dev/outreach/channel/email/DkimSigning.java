package dev.outreach.channel.email;

import dev.outreach.common.Pem;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns {@code OUTREACH_DKIM_*} into quarkus-mailer's DKIM signing options: with a selector
 * set, every SMTP email is signed ({@code rsa-sha256}, relaxed canonicalisation) by the sender's
 * domain or {@code OUTREACH_DKIM_DOMAIN}, over the headers receivers and one-click unsubscribe rely
 * on; without one nothing is signed. A {@code quarkus.mailer.dkim.*} set by hand wins.
 */
public class DkimSigning implements ConfigSourceInterceptor {

    private static final String PREFIX = "quarkus.mailer.dkim.";
    /** Signed when present; RFC 6376 §5.4 lets a signature name a header the mail does not carry. */
    static final String SIGNED_HEADERS = "From,Reply-To,To,Cc,Subject,Date,Message-ID,MIME-Version,Content-Type,"
            + "In-Reply-To,References,List-Unsubscribe,List-Unsubscribe-Post";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue own = context.proceed(name);
        if (!name.startsWith(PREFIX) || own != null && own.getConfigSourceOrdinal() > Integer.MIN_VALUE) {
            return own; // not DKIM, or set by hand; a mailer default (ordinal MIN_VALUE) gives way
        }
        String selector = value(context, "outreach.dkim.selector");
        if (selector == null) {
            return own;
        }
        String derived = switch (name.substring(PREFIX.length())) {
            case "enabled" -> "true";
            case "selector" -> selector;
            case "private-key" -> privateKey(value(context, "outreach.dkim.private-key-path"));
            case "sdid" -> domain(context);
            case "signed-headers" -> SIGNED_HEADERS;
            case "header-canon-algo", "body-canon-algo" -> "relaxed";
            default -> null;
        };
        return derived == null
                ? own
                : ConfigValue.builder()
                        .withName(name)
                        .withValue(derived)
                        .withConfigSourceName("OUTREACH_DKIM_*")
                        .build();
    }

    /**
     * The key as Vert.x's signer reads it: base64 PKCS#8 without the PEM armour (given the file itself it
     * would decode the armour's words as key bytes). An unreadable file is left to the start-up check.
     */
    private static String privateKey(String path) {
        if (path == null) {
            return null;
        }
        try {
            return Pem.privateKeyBody(Files.readString(Path.of(path), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String domain(ConfigSourceInterceptorContext context) {
        String domain = value(context, "outreach.dkim.domain");
        if (domain != null) {
            return domain;
        }
        String email = value(context, "outreach.sender.email");
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String value(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? null
                : value.getValue().strip();
    }
}
