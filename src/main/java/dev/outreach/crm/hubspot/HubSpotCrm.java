package dev.outreach.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outreach.common.TimeSource;
import dev.outreach.contact.Contacts;
import dev.outreach.crm.Crm;
import dev.outreach.crm.CrmConfig;
import dev.outreach.crm.CrmFailure;
import dev.outreach.crm.CrmHttp;
import dev.outreach.crm.CrmSystem;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * HubSpot as the agency's CRM, through a private app's token and the CRM v3 API. The contact
 * is upserted by the unique custom property {@code outreach_lead_id} (created on first use), so a
 * retry after a timeout finds the contact it made; a contact the agency already has with the same
 * email (HubSpot refuses a second, naming the existing ID) is linked, and only our property is written
 * to it. The business is a company, associated with the contact: the agency's own company with the
 * lead's website domain when it has one, else one upserted by the same property on companies. Notes (association type 202) and deals (type 3) carry the push's marker, which a retry
 * searches for first. Read back: contacts by {@code lastmodifieddate}; {@code hs_email_optout} or the
 * named property means do not contact; lifecycle stage customer or evangelist is a customer, and
 * opportunity an open deal.
 */
@ApplicationScoped
public class HubSpotCrm implements Crm {

    static final String LEAD_ID = "outreach_lead_id";
    static final Set<String> CUSTOMER_STAGES = Set.of("customer", "evangelist");
    private static final Pattern EXISTING = Pattern.compile("Existing ID: ?(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSpotApi api;
    private final HubSpotCalls calls;
    private final CrmConfig config;
    private final TimeSource clock;
    /** The object types ({@code contacts}, {@code companies}) whose property {@code outreach_lead_id} exists. */
    private final Set<String> propertyReady = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final AtomicReference<String> portal = new AtomicReference<>();

    HubSpotCrm(@RestClient HubSpotApi api, HubSpotCalls calls, CrmConfig config, TimeSource clock) {
        this.clock = clock;
        this.api = api;
        this.calls = calls;
        this.config = config;
    }

    @Override
    public CrmSystem system() {
        return CrmSystem.HUBSPOT;
    }

    @Override
    public boolean configured() {
        return config.hubspot().token().filter(t -> !t.isBlank()).isPresent();
    }

    private String auth() {
        return "Bearer "
                + config.hubspot()
                        .token()
                        .orElseThrow(() -> new CrmFailure.TokenRefused("OUTREACH_HUBSPOT_TOKEN is not set"));
    }

    @Override
    public ContactRef contact(CrmLead lead) {
        ContactRef contact = person(lead);
        String company = company(lead, contact.id());
        return new ContactRef(contact.id(), company, contact.url(), contact.linkedBy());
    }

    private ContactRef person(CrmLead lead) {
        ensureProperty("contacts");
        ObjectNode properties = JSON.createObjectNode();
        HubSpotBodies.put(properties, "email", lead.email());
        HubSpotBodies.put(properties, "phone", lead.phone());
        HubSpotBodies.put(properties, "company", lead.businessName());
        HubSpotBodies.put(properties, "website", lead.website());
        HubSpotBodies.put(properties, "city", lead.city());
        HubSpotBodies.put(properties, "country", lead.country());
        HubSpotBodies.put(properties, "firstname", lead.contactName());
        String body = HubSpotBodies.upsert(lead.leadId(), properties);
        CrmHttp reply = calls.call(() -> api.upsert(auth(), "contacts", body));
        Matcher existing = EXISTING.matcher(reply.text());
        if (reply.status() == 409 || (reply.status() / 100 != 2 && existing.find()) || reply.status() == 207) {
            if (existing.find(0)) {
                String id = existing.group(1);
                ObjectNode ours = JSON.createObjectNode();
                ours.putObject("properties").put(LEAD_ID, Long.toString(lead.leadId()));
                calls.call(() -> api.updateContact(auth(), id, ours.toString()))
                        .ok("HubSpot", "our id on contact " + id);
                return new ContactRef(id, null, contactUrl(id), "email");
            }
        }
        JsonNode result = reply.ok("HubSpot", "a contact").path("results").path(0);
        String id = result.path("id").asText(null);
        if (id == null) {
            throw new CrmFailure.Refused("HubSpot answered without the contact's id");
        }
        return new ContactRef(id, null, contactUrl(id), result.path("new").asBoolean(true) ? "created" : "our_id");
    }

    /**
     * The lead's business as a company associated with the contact: the agency's company with the lead's
     * website domain when HubSpot has one (nothing is written to it), else the company upserted by our
     * lead id, so a retry finds the one it made. Null for a lead without a name.
     */
    private String company(CrmLead lead, String contactId) {
        if (lead.businessName() == null || lead.businessName().isBlank()) {
            return null;
        }
        String domain = lead.website() == null
                ? null
                : Contacts.websiteHost(lead.website()).orElse(null);
        String id = domain == null
                ? null
                : first("companies", "domain", "EQ", domain).orElse(null);
        if (id == null) {
            ensureProperty("companies");
            ObjectNode properties = JSON.createObjectNode();
            HubSpotBodies.put(properties, "name", lead.businessName());
            HubSpotBodies.put(properties, "domain", domain);
            HubSpotBodies.put(properties, "city", lead.city());
            HubSpotBodies.put(properties, "country", lead.country());
            String body = HubSpotBodies.upsert(lead.leadId(), properties);
            id = calls.call(() -> api.upsert(auth(), "companies", body))
                    .ok("HubSpot", "a company")
                    .path("results")
                    .path(0)
                    .path("id")
                    .asText(null);
            if (id == null) {
                throw new CrmFailure.Refused("HubSpot answered without the company's id");
            }
        }
        String company = id;
        calls.call(() -> api.associate(auth(), "contact", contactId, "company", company))
                .ok("HubSpot", "the contact's company");
        return company;
    }

    /** Creates our unique property on {@code type} (contacts, companies) the first time it is missing. */
    private void ensureProperty(String type) {
        if (propertyReady.contains(type)) {
            return;
        }
        String object = type.equals("contacts") ? "contact" : "company";
        CrmHttp found = calls.call(() -> api.property(auth(), type, LEAD_ID));
        if (found.status() == 404) {
            String property = HubSpotBodies.leadIdProperty(object);
            CrmHttp made = calls.call(() -> api.createProperty(auth(), type, property));
            if (made.status() != 409) {
                made.ok("HubSpot", "creating the " + object + " property " + LEAD_ID);
            }
        } else {
            found.ok("HubSpot", "reading the " + object + " property " + LEAD_ID);
        }
        propertyReady.add(type);
    }

    @Override
    public String note(ContactRef contact, String marker, String html, Instant at, boolean retry) {
        if (retry) {
            Optional<String> found = first("notes", "hs_note_body", "CONTAINS_TOKEN", marker);
            if (found.isPresent()) {
                return found.get();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties")
                .put("hs_timestamp", (at == null ? clock.now() : at).toString())
                .put("hs_note_body", html);
        HubSpotBodies.associate(body, contact.id(), 202);
        return calls.call(() -> api.create(auth(), "notes", body.toString()))
                .ok("HubSpot", "a note")
                .path("id")
                .asText();
    }

    @Override
    public String deal(ContactRef contact, String marker, String title, boolean retry) {
        if (retry) {
            Optional<String> found = first("deals", "description", "CONTAINS_TOKEN", marker);
            if (found.isPresent()) {
                return found.get();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties")
                .put("dealname", title)
                .put("pipeline", "default")
                .put("dealstage", "appointmentscheduled")
                .put("description", "Booked through Outreach. Ref: " + marker);
        HubSpotBodies.associate(body, contact.id(), 3);
        return calls.call(() -> api.create(auth(), "deals", body.toString()))
                .ok("HubSpot", "a deal")
                .path("id")
                .asText();
    }

    /** The first object of {@code type} whose {@code property} matches {@code value} by {@code operator}. */
    private Optional<String> first(String type, String property, String operator, String value) {
        String search = HubSpotBodies.searchOne(property, operator, value);
        JsonNode found = calls.call(() -> api.search(auth(), type, search)).ok("HubSpot", "a search of " + type);
        return found.path("total").asInt(0) > 0
                ? Optional.of(found.path("results").path(0).path("id").asText())
                : Optional.empty();
    }

    @Override
    public List<CrmChange> changedSince(Instant since, int limit) {
        Optional<String> dnc = config.doNotContactProperty().filter(p -> !p.isBlank());
        String search = HubSpotChanges.search(since, limit, dnc);
        JsonNode page = calls.call(() -> api.search(auth(), "contacts", search))
                .ok("HubSpot", "the search for changed contacts");
        return HubSpotChanges.read(page, dnc, clock.now());
    }

    @Override
    public String contactUrl(String contactId) {
        String id = portal.get();
        if (id == null) {
            try {
                id = calls.call(() -> api.account(auth()))
                        .ok("HubSpot", "the account's details")
                        .path("portalId")
                        .asText(null);
                portal.set(id);
            } catch (RuntimeException e) {
                // a link is a convenience: the contact is there without it
                return null;
            }
        }
        return id == null ? null : "https://app.hubspot.com/contacts/" + id + "/record/0-1/" + contactId;
    }
}
