package dev.outreach.crm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/** The CRM chosen by {@code OUTREACH_CRM}, when its token is set. */
@ApplicationScoped
public class Crms {

    private final CrmSystem system;
    private final Instance<Crm> adapters;

    Crms(CrmConfig config, @Any Instance<Crm> adapters) {
        this.system = CrmSystem.of(config.system());
        this.adapters = adapters;
    }

    public CrmSystem system() {
        return system;
    }

    /** The chosen CRM, if one is chosen and its token set. */
    public Optional<Crm> active() {
        return system == CrmSystem.NONE
                ? Optional.empty()
                : adapters.stream()
                        .filter(c -> c.system() == system && c.configured())
                        .findFirst();
    }

    /** The chosen CRM even without its token, to say what is missing. */
    public Optional<Crm> chosen() {
        return adapters.stream().filter(c -> c.system() == system).findFirst();
    }
}
