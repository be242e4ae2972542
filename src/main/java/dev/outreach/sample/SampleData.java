package dev.outreach.sample;

import dev.outreach.campaign.CampaignService;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.LeadQueries;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.NewLeads;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Something to look at on the first start (petclinic's habit): an empty dev database gets twenty
 * example businesses across Indian cities, on the reserved {@code .example} domain (RFC 2606), which
 * only dev mode treats as receiving mail, and a dry-run email campaign drafts for them, so the
 * approval queue is the first thing a new user reviews. {@code OUTREACH_SAMPLE_DATA=false} turns it
 * off; production never loads it (the flag is set by the dev profile only).
 */
@ApplicationScoped
public class SampleData {

    static final String ACTOR = "sample-data";
    private static final Logger LOG = Logger.getLogger(SampleData.class);

    /** Twenty businesses an Indian web agency might write to; one has only a website, for the review queue. */
    static final List<LeadInput> BUSINESSES = List.of(
            business("Joshi Dental Care", "Pune", "dentist", "hello@joshi-dental.example"),
            business("Green Leaf Bakery", "Bengaluru", "bakery", "orders@greenleaf-bakery.example"),
            business("Sunrise Yoga Studio", "Mysuru", "yoga studio", "namaste@sunrise-yoga.example"),
            business("Mehta & Associates", "Ahmedabad", "chartered accountant", "office@mehta-ca.example"),
            business("Kala Boutique", "Jaipur", "boutique", "shop@kala-boutique.example"),
            business("Spice Route Kitchen", "Kochi", "restaurant", "table@spiceroute-kochi.example"),
            business("Healwell Physiotherapy", "Hyderabad", "physiotherapy clinic", "care@healwell-physio.example"),
            business("Coastline Travels", "Panaji", "travel agency", "trips@coastline-travels.example"),
            business("Bright Minds Coaching", "Kota", "coaching centre", "admissions@brightminds-kota.example"),
            business("Glow Salon", "Chandigarh", "beauty salon", "book@glow-salon.example"),
            business("ClearView Opticians", "Chennai", "optician", "eyes@clearview-optics.example"),
            business("Patil Hardware", "Nagpur", "hardware store", "sales@patil-hardware.example"),
            business("Urban Nest Interiors", "Mumbai", "interior designer", "studio@urbannest.example"),
            business("Happy Paws Vet Clinic", "Indore", "veterinary clinic", "clinic@happypaws-vet.example"),
            business("Lotus Print House", "Lucknow", "printing press", "print@lotus-print.example"),
            business("Gupta Sweets", "Varanasi", "sweet shop", "mithai@gupta-sweets.example"),
            business("IronCore Fitness", "Surat", "gym", "join@ironcore-fitness.example"),
            business("Petals Florist", "Kolkata", "florist", "flowers@petals-kolkata.example"),
            business("Quick Fix Motors", "Coimbatore", "car repair", "service@quickfix-motors.example"),
            new LeadInput(
                    "api",
                    "Stitch Perfect Tailors",
                    "Bhopal",
                    "tailor",
                    "https://stitch-perfect.example",
                    null,
                    null,
                    "IN",
                    null,
                    null));

    private final OutreachConfig config;
    private final LeadIntake intake;
    private final NewLeads leads;
    private final LeadQueries queries;
    private final LeadVerification verification;
    private final CampaignService campaigns;

    SampleData(
            OutreachConfig config,
            LeadIntake intake,
            NewLeads leads,
            LeadQueries queries,
            LeadVerification verification,
            CampaignService campaigns) {
        this.config = config;
        this.intake = intake;
        this.leads = leads;
        this.queries = queries;
        this.verification = verification;
        this.campaigns = campaigns;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.sampleData()) {
            return;
        }
        load().subscribe()
                .with(
                        loaded -> {
                            if (loaded) {
                                LOG.infof(
                                        "Sample data: %d example businesses and a dry-run email campaign; their drafts "
                                                + "wait in the approval queue (OUTREACH_SAMPLE_DATA=false turns this off)",
                                        BUSINESSES.size());
                            }
                        },
                        failure -> LOG.warnf("Sample data not loaded: %s", failure.toString()));
    }

    /** Loads the samples into an empty database and drafts them; false when there were leads already. */
    public Uni<Boolean> load() {
        return queries.isEmpty()
                .flatMap(empty -> !empty
                        ? Uni.createFrom().item(false)
                        : Multi.createFrom()
                                .iterable(BUSINESSES)
                                .onItem()
                                .transformToUniAndConcatenate(
                                        input -> leads.store(intake.check(input).lead(), ACTOR)
                                                .call(stored -> verification.verify(stored.id(), ACTOR)))
                                .collect()
                                .last()
                                .flatMap(x -> campaigns.start(Channel.EMAIL, true, "manual", null, ACTOR))
                                .replaceWith(true));
    }

    private static LeadInput business(String name, String city, String category, String email) {
        String website = "https://" + email.substring(email.indexOf('@') + 1);
        return new LeadInput("api", name, city, category, website, email, null, "IN", null, null);
    }
}
