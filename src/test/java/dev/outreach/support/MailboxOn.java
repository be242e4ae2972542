package dev.outreach.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application reading a real IMAP mailbox (GreenMail's): one profile, so its tests share one start. */
public class MailboxOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return ImapServer.config();
    }
}
