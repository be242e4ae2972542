package dev.outreach.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.ImapServer;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code OUTREACH_IMAP_MOVE_TO} (issue 14): once applied, mail about our outreach moves to that folder
 * (created when missing); personal mail stays in the inbox, where the owner expects it.
 */
@QuarkusTest
@TestProfile(MailboxMoveTest.MoveOn.class)
class MailboxMoveTest {

    public static class MoveOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(ImapServer.config());
            config.put("outreach.imap.move-to", "Outreach/Processed");
            return config;
        }
    }

    @Inject
    Pool pool;

    @Inject
    MailboxReader reader;

    @Test
    void oursMovesOnceAppliedAndPersonalMailStays() throws Exception {
        TestData.reset(pool);
        TestData.exec(pool, "delete from mailbox_checkpoint");
        TestData.exec(pool, "delete from mailbox_mail");
        ImapServer.purge();
        ModelStubs.answerWith("interested", 0);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "owner@move-" + run + ".example";
        long lead = Seed.verifiedLead(pool, "Move Along " + run, "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        String ours = Seed.sentEmail(pool, lead, UUID.randomUUID(), email);
        ImapServer.deliver("""
                From: %s
                To: asha@acme-studio.example
                Subject: Re: A website idea
                Message-ID: <move-%s@lead.example>
                In-Reply-To: %s

                Yes, interested.
                """.formatted(email, run, ours));
        ImapServer.deliver("""
                From: Mum <mum-%s@family.example>
                To: asha@acme-studio.example
                Subject: Sunday lunch
                Message-ID: <lunch-%s@family.example>

                Come at one.
                """.formatted(run, run));

        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).applied())
                .isEqualTo(1);
        assertThat(TestData.rows(pool, "select status from lead where id = $1", lead)
                        .get(0)
                        .getString("status"))
                .isEqualTo("replied");
        assertThat(subjects("INBOX")).containsExactly("Sunday lunch");
        assertThat(subjects("Outreach/Processed")).containsExactly("Re: A website idea");
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).mails())
                .isZero();
    }

    private static List<String> subjects(String name) throws Exception {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", ImapServer.port(), ImapServer.USER, ImapServer.PASSWORD);
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                if (!m.isSet(jakarta.mail.Flags.Flag.DELETED)) {
                    subjects.add(m.getSubject());
                }
            }
            folder.close(false);
            return subjects;
        }
    }
}
