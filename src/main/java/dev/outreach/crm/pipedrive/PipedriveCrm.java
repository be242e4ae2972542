package dev.outreach.crm.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outreach.common.TimeSource;
import dev.outreach.crm.Crm;
import dev.outreach.crm.CrmConfig;
import dev.outreach.crm.CrmFailure;
import dev.outreach.crm.CrmSystem;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Pipedrive as the agency's CRM, through an API token. The person carries our lead id in a
 * custom field "Outreach lead id" (made on first use), by which a retry finds the person it made; a
 * person the agency already has with the lead's email is linked at the first push, and only our field
 * is written to it. The person belongs to the business's organization (found by exact name, or made).
 * Notes and deals carry the push's marker or a fixed title, which a retry looks for first. Read back:
 * persons and deals changed since the checkpoint ({@code updated_since}); the label named by
 * {@code OUTREACH_CRM_DO_NOT_CONTACT_PROPERTY} means do not contact; a won deal makes a customer and an
 * open one an open deal.
 */
@ApplicationScoped
public class PipedriveCrm implements Crm {

    static final String FIELD_NAME = "Outreach lead id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipedriveApi api;
    private final PipedriveCalls calls;
    private final CrmConfig config;
    private final TimeSource clock;
    private final AtomicReference<Fields> fields = new AtomicReference<>();

    PipedriveCrm(@RestClient PipedriveApi api, PipedriveCalls calls, CrmConfig config, TimeSource clock) {
        this.clock = clock;
        this.api = api;
        this.calls = calls;
        this.config = config;
    }

    /** The key of our custom field, and the id of the do-not-contact label (or null). */
    private record Fields(String leadIdKey, Long doNotContactLabel) {}

    @Override
    public CrmSystem system() {
        return CrmSystem.PIPEDRIVE;
    }

    @Override
    public boolean configured() {
        return config.pipedrive().token().filter(t -> !t.isBlank()).isPresent();
    }

    private String token() {
        return config.pipedrive()
                .token()
                .orElseThrow(() -> new CrmFailure.TokenRefused("OUTREACH_PIPEDRIVE_TOKEN is not set"));
    }

    private Fields fields() {
        Fields known = fields.get();
        if (known != null) {
            return known;
        }
        JsonNode all = calls.call(() -> api.personFields(token())).ok("Pipedrive", "reading the person fields");
        String key = null;
        Long label = null;
        String labelName =
                config.doNotContactProperty().filter(p -> !p.isBlank()).orElse(null);
        for (JsonNode field : all.path("data")) {
            if (FIELD_NAME.equals(field.path("name").asText())) {
                key = field.path("key").asText();
            }
            if (labelName != null
                    && ("label".equals(field.path("key").asText())
                            || "label_ids".equals(field.path("key").asText()))) {
                for (JsonNode option : field.path("options")) {
                    if (labelName.equalsIgnoreCase(option.path("label").asText())) {
                        label = option.path("id").asLong();
                    }
                }
            }
        }
        if (key == null) {
            ObjectNode field = JSON.createObjectNode().put("name", FIELD_NAME).put("field_type", "varchar");
            key = calls.call(() -> api.createPersonField(token(), field.toString()))
                    .ok("Pipedrive", "creating the person field " + FIELD_NAME)
                    .path("data")
                    .path("key")
                    .asText();
        }
        Fields made = new Fields(key, label);
        fields.set(made);
        return made;
    }

    /** The person fields are read again at the next call (they were changed in Pipedrive). */
    void forgetFields() {
        fields.set(null);
    }

    @Override
    public ContactRef contact(CrmLead lead) {
        Fields f = fields();
        String ours = Long.toString(lead.leadId());
        Optional<String> byOurId = firstItem(calls.call(() -> api.searchPersons(token(), ours, "custom_fields", true))
                .ok("Pipedrive", "the search for our lead id"));
        if (byOurId.isPresent()) {
            return new ContactRef(byOurId.get(), null, contactUrl(byOurId.get()), "our_id");
        }
        if (lead.email() != null) {
            Optional<String> byEmail =
                    firstItem(calls.call(() -> api.searchPersons(token(), lead.email(), "email", true))
                            .ok("Pipedrive", "the search by email"));
            if (byEmail.isPresent()) {
                ObjectNode mark = JSON.createObjectNode().put(f.leadIdKey(), ours);
                calls.call(() -> api.updatePerson(token(), byEmail.get(), mark.toString()))
                        .ok("Pipedrive", "our id on person " + byEmail.get());
                return new ContactRef(byEmail.get(), null, contactUrl(byEmail.get()), "email");
            }
        }
        String org = organization(lead.businessName());
        ObjectNode person = JSON.createObjectNode()
                .put("name", lead.contactName() != null ? lead.contactName() : lead.businessName());
        if (org != null) {
            person.put("org_id", Long.parseLong(org));
        }
        if (lead.email() != null) {
            person.putArray("email")
                    .addObject()
                    .put("value", lead.email())
                    .put("primary", true)
                    .put("label", "work");
        }
        if (lead.phone() != null) {
            person.putArray("phone")
                    .addObject()
                    .put("value", lead.phone())
                    .put("primary", true)
                    .put("label", "work");
        }
        person.put(f.leadIdKey(), ours);
        String id;
        try {
            id = calls.call(() -> api.createPerson(token(), person.toString()))
                    .ok("Pipedrive", "a person")
                    .path("data")
                    .path("id")
                    .asText();
        } catch (CrmFailure.Refused e) {
            // Our field may have been deleted in Pipedrive: read the fields again on the next attempt.
            forgetFields();
            throw e;
        }
        return new ContactRef(id, org, contactUrl(id), "created");
    }

    private String organization(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Optional<String> found = firstItem(calls.call(() -> api.searchOrganizations(token(), name, "name", true))
                .ok("Pipedrive", "the search for the organization"));
        if (found.isPresent()) {
            return found.get();
        }
        ObjectNode org = JSON.createObjectNode().put("name", name);
        return calls.call(() -> api.createOrganization(token(), org.toString()))
                .ok("Pipedrive", "an organization")
                .path("data")
                .path("id")
                .asText();
    }

    private static Optional<String> firstItem(JsonNode search) {
        JsonNode item = search.path("data").path("items").path(0).path("item");
        return item.isMissingNode() || item.path("id").isMissingNode()
                ? Optional.empty()
                : Optional.of(item.path("id").asText());
    }

    @Override
    public String note(ContactRef contact, String marker, String html, Instant at, boolean retry) {
        if (retry) {
            JsonNode notes = calls.call(() -> api.notes(token(), contact.id(), 100, "add_time DESC"))
                    .ok("Pipedrive", "the person's notes");
            for (JsonNode note : notes.path("data")) {
                if (note.path("content").asText("").contains(marker)) {
                    return note.path("id").asText();
                }
            }
        }
        ObjectNode note = JSON.createObjectNode().put("content", html).put("person_id", Long.parseLong(contact.id()));
        if (contact.companyId() != null) {
            note.put("org_id", Long.parseLong(contact.companyId()));
        }
        return calls.call(() -> api.createNote(token(), note.toString()))
                .ok("Pipedrive", "a note")
                .path("data")
                .path("id")
                .asText();
    }

    @Override
    public String deal(ContactRef contact, String marker, String title, boolean retry) {
        String titled = title + " (" + marker + ")";
        if (retry) {
            JsonNode deals = calls.call(() -> api.personDeals(token(), contact.id(), "all_not_deleted"))
                    .ok("Pipedrive", "the person's deals");
            for (JsonNode deal : deals.path("data")) {
                if (titled.equals(deal.path("title").asText())) {
                    return deal.path("id").asText();
                }
            }
        }
        ObjectNode deal = JSON.createObjectNode().put("title", titled).put("person_id", Long.parseLong(contact.id()));
        if (contact.companyId() != null) {
            deal.put("org_id", Long.parseLong(contact.companyId()));
        }
        return calls.call(() -> api.createDeal(token(), deal.toString()))
                .ok("Pipedrive", "a deal")
                .path("data")
                .path("id")
                .asText();
    }

    @Override
    public List<CrmChange> changedSince(Instant since, int limit) {
        Fields f = fields();
        String after = since.toString();
        Map<String, JsonNode> persons = new LinkedHashMap<>();
        Map<String, Instant> modified = new LinkedHashMap<>();
        for (JsonNode person : calls.call(
                        () -> api.personsSince(token(), after, Math.min(limit, 100), "update_time", "asc"))
                .ok("Pipedrive", "the persons changed")
                .path("data")) {
            persons.put(person.path("id").asText(), person);
            modified.put(
                    person.path("id").asText(),
                    PipedriveChanges.time(person.path("update_time").asText(null), clock.now()));
        }
        for (JsonNode deal : calls.call(() -> api.dealsSince(token(), after, null, Math.min(limit, 100)))
                .ok("Pipedrive", "the deals changed")
                .path("data")) {
            String person = deal.path("person_id").asText(null);
            if (person != null && !"null".equals(person)) {
                modified.merge(
                        person,
                        PipedriveChanges.time(deal.path("update_time").asText(null), clock.now()),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<CrmChange> changes = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : modified.entrySet()) {
            String id = entry.getKey();
            JsonNode person = persons.containsKey(id)
                    ? persons.get(id)
                    : calls.call(() -> api.person(token(), id))
                            .ok("Pipedrive", "person " + id)
                            .path("data");
            JsonNode deals = calls.call(() -> api.dealsSince(token(), null, id, 100))
                    .ok("Pipedrive", "the deals of person " + id)
                    .path("data");
            changes.add(PipedriveChanges.read(
                    person,
                    deals,
                    f.leadIdKey(),
                    f.doNotContactLabel(),
                    config.doNotContactProperty().orElse(""),
                    entry.getValue()));
        }
        changes.sort(Comparator.comparing(CrmChange::modifiedAt));
        return changes;
    }

    @Override
    public String contactUrl(String contactId) {
        return "https://app.pipedrive.com/person/" + contactId;
    }
}
