package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table (docs/architecture.md, "Persistence"): every INSERT, UPDATE and DELETE of a table is written
 * in its store class and nowhere else; other features call the store's named transitions. The sources
 * are scanned for SQL statements, so a new writer fails here before it can drift.
 */
class TableOwnersTest {

    /** Each table and the one class (or the one package, ending in "/", or the classes listed) that may write it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("lead", "lead/Leads.java,lead/NewLeads.java,lead/LeadVerifications.java"),
            Map.entry("message", "message/"),
            Map.entry("approval", "approval/Approvals.java"),
            Map.entry("campaign", "campaign/Campaigns.java"),
            Map.entry("campaign_definition", "campaign/CampaignDefinitions.java"),
            Map.entry("reply", "feedback/Replies.java"),
            Map.entry("webhook_event", "feedback/ProviderEvents.java"),
            Map.entry("opt_out", "optout/OptOutService.java"),
            Map.entry("unsubscribe_token", "optout/UnsubscribeTokens.java"),
            Map.entry("booking_link", "meeting/BookingLinks.java"),
            Map.entry("crm_contact", "crm/CrmLinks.java"),
            Map.entry("crm_standing", "crm/CrmLinks.java"),
            Map.entry("crm_contact_offer", "crm/CrmOffers.java"),
            Map.entry("crm_push", "crm/CrmPushes.java"),
            Map.entry("crm_sync", "crm/CrmSync.java"),
            Map.entry("job_lease", "common/JobLeases.java"),
            Map.entry("replica_heartbeat", "common/JobLeases.java"),
            Map.entry("meeting", "meeting/Meetings.java"),
            Map.entry("meeting_event", "meeting/Meetings.java"),
            Map.entry("send_counter", "gate/SendCounters.java"),
            Map.entry("dnc_number", "dnc/DoNotCallList.java"),
            Map.entry("dnc_upload", "dnc/DoNotCallList.java"),
            Map.entry("consent", "consent/Consents.java"),
            Map.entry("verification_result", "verify/VerificationResults.java"),
            Map.entry("lead_import", "imports/ImportRuns.java"),
            Map.entry("lead_import_error", "imports/ImportRuns.java"),
            Map.entry("audit_event", "audit/AuditLog.java"),
            Map.entry("alert", "alert/Alerts.java"),
            Map.entry("safety_settings", "settings/SafetySettings.java"),
            Map.entry("api_key", "security/ApiKeyStore.java"),
            Map.entry("mailbox_checkpoint", "mailbox/MailboxStore.java"),
            Map.entry("mailbox_mail", "mailbox/MailboxStore.java"),
            Map.entry("reputation_brake", "deliverability/Brakes.java"),
            Map.entry("sending_domain", "deliverability/SendingDomains.java"),
            Map.entry("lead_search", "source/LeadSearches.java"),
            Map.entry("lead_search_schedule", "source/SearchSchedules.java"),
            Map.entry("operating_settings", "settings/OperatingSettings.java"),
            Map.entry("message_template", "compose/MessageTemplates.java"),
            Map.entry("lead_search_problem", "source/LeadSearches.java"));

    private static final Path MAIN = Path.of("src/main/java/dev/outreach");
    private static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(?:insert\\s+into|(?<!for\\s)(?<!do\\s)update|delete\\s+from|truncate(?:\\s+table)?)\\s+([a-z_]+)\\b");

    @Test
    void everyTableIsWrittenOnlyByItsOwner() throws IOException {
        Map<String, Set<String>> writers = writers();
        writers.keySet().retainAll(schemaTables());
        Map<String, Set<String>> strangers = new TreeMap<>();
        writers.forEach((table, files) -> {
            String owner = OWNERS.get(table);
            Set<String> others = new TreeSet<>(files);
            if (owner != null) {
                // A package as owner ("message/"): its own classes, split by lifecycle, and no other; or a list
                // of classes ("lead/Leads.java,lead/NewLeads.java"): those alone.
                Set<String> owners = Set.of(owner.split(","));
                others.removeIf(file -> owners.contains(file)
                        || owner.endsWith("/") && file.startsWith(owner) && file.indexOf('/', owner.length()) < 0);
            }
            if (!others.isEmpty()) {
                strangers.put(table + (owner == null ? " (no owner named)" : " (owned by " + owner + ")"), others);
            }
        });
        assertThat(strangers).as("tables written outside their store").isEmpty();
    }

    @Test
    void everyTableOfTheSchemaHasAnOwner() throws IOException {
        Set<String> tables = schemaTables();
        tables.remove("status_transition"); // the state machines: written by migrations only (V6)
        assertThat(OWNERS.keySet()).containsAll(tables);
    }

    /** The tables the migrations create. */
    static Set<String> schemaTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)create table ([a-z_]+)");
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.toList()) {
                Matcher m = create.matcher(Files.readString(migration));
                while (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        return tables;
    }

    /** The store classes exist where the list says (a renamed store must rename its entry). */
    @Test
    void theOwnersExist() {
        OWNERS.values().stream()
                .flatMap(owner -> Stream.of(owner.split(",")))
                .forEach(owner -> assertThat(MAIN.resolve(owner)).exists());
    }

    /** Table → the files whose SQL text blocks and strings write it. */
    static Map<String, Set<String>> writers() {
        Map<String, Set<String>> writers = new TreeMap<>();
        for (Path file : javaFiles()) {
            String sql = sqlOf(read(file));
            Matcher m = WRITE.matcher(sql);
            while (m.find()) {
                writers.computeIfAbsent(m.group(1).toLowerCase(), k -> new TreeSet<>())
                        .add(MAIN.relativize(file).toString());
            }
        }
        return writers;
    }

    /** The string literals and text blocks of a source file: where its SQL lives. */
    private static String sqlOf(String source) {
        StringBuilder sql = new StringBuilder();
        Matcher m = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:\\\\.|[^\"\\\\\\n])*)\"", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            sql.append(m.group(1) != null ? m.group(1) : m.group(2)).append('\n');
        }
        return sql.toString();
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
