package dev.outreach.crm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The CRM settings (R-18, {@code OUTREACH_CRM*}): which CRM, its token and address, when a deal is
 * made, what marks a contact as not to be contacted, and how often the CRM is read back.
 */
@ConfigMapping(prefix = "outreach.crm")
public interface CrmConfig {

    /** {@code OUTREACH_CRM}: {@code none}, {@code hubspot} or {@code pipedrive}. */
    @WithDefault("none")
    String system();

    Provider hubspot();

    Provider pipedrive();

    /** {@code OUTREACH_CRM_DEAL_ON}: {@code meeting} (a deal when a meeting is booked) or {@code never}. */
    @WithDefault("meeting")
    String dealOn();

    /**
     * {@code OUTREACH_CRM_DO_NOT_CONTACT_PROPERTY}: a HubSpot contact property (besides {@code hs_email_optout})
     * or a Pipedrive person label that means "do not contact".
     */
    Optional<String> doNotContactProperty();

    /** {@code OUTREACH_CRM_POLL_SECONDS}: how often the CRM is read back. */
    @WithDefault("300")
    int pollSeconds();

    /** The pull's schedule: {@code pollSeconds} as a duration, or {@code off} (tests pull when they mean to). */
    @WithDefault("300s")
    String pollEvery();

    /** How often the push queue is drained, or {@code off} (tests drain when they mean to). */
    @WithDefault("2s")
    String pushEvery();

    interface Provider {
        Optional<String> token();

        String baseUrl();
    }
}
