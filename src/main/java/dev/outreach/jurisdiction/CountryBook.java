package dev.outreach.jurisdiction;

import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The country policies and India's DLT settings in force, read once at start-up. */
@Singleton
public class CountryBook {

    private final CountryPolicies policies;
    private final RecipientFacts.Dlt dlt;

    CountryBook(OutreachConfig config) {
        this.policies = read(config);
        this.dlt = dlt(config);
    }

    public CountryPolicies policies() {
        return policies;
    }

    public RecipientFacts.Dlt dlt() {
        return dlt;
    }

    static CountryPolicies read(OutreachConfig config) {
        Optional<Path> file = config.policyFile();
        if (file.isEmpty()) {
            return CountryPolicies.shipped();
        }
        try {
            return CountryPolicies.load(
                    Files.readString(file.get(), StandardCharsets.UTF_8),
                    file.get().toString());
        } catch (IOException e) {
            throw new PolicyFileException(List.of(file.get() + ": cannot be read (" + e.getMessage() + ")"));
        }
    }

    /** What of India's DLT registration is configured, and what is wrong with it. */
    static RecipientFacts.Dlt dlt(OutreachConfig config) {
        PhoneConfig.Dlt d = config.dlt();
        boolean entity = d.entityId().filter(s -> !s.isBlank()).isPresent();
        boolean sms = d.smsHeader().filter(s -> !s.isBlank()).isPresent()
                && d.smsTemplateId().filter(s -> !s.isBlank()).isPresent();
        Optional<String> caller =
                d.callerId().map(s -> s.replaceAll("[\\s-]", "")).filter(s -> !s.isEmpty());
        String problem = null;
        if (caller.isPresent() && !caller.get().matches("(\\+91)?140\\d{7}")) {
            problem = "OUTREACH_DLT_CALLER_ID must be a 140-series number (+91 140…) for promotional calls, not "
                    + caller.get();
        } else if (!entity && (sms || caller.isPresent())) {
            problem = "OUTREACH_DLT_ENTITY_ID is needed with the other OUTREACH_DLT_* settings";
        }
        return new RecipientFacts.Dlt(entity, sms, caller.isPresent() && problem == null, problem);
    }
}
