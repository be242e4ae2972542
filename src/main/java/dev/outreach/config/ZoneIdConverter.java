package dev.outreach.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads an IANA time zone; an unknown one stops start-up with the variable's name. */
public class ZoneIdConverter implements Converter<ZoneId> {

    @Override
    public ZoneId convert(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "OUTREACH_TIMEZONE: '" + value + "' is not an IANA time zone; use a name such as Asia/Kolkata", e);
        }
    }
}
