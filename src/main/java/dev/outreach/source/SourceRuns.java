package dev.outreach.source;

import dev.outreach.common.InvalidInputException;
import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.NewLeads;
import dev.outreach.verify.LeadVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Takes in what a search of a lead source finds, lead by lead, through the same intake,
 * de-duplication and verification as every other lead, after looking for a published email on the
 * lead's own website when the source gave none. A lead that fails validation is reported and
 * skipped ({@link SearchJobs} runs the search and counts).
 */
@ApplicationScoped
public class SourceRuns {

    private final LeadIntake intake;
    private final NewLeads leads;
    private final LeadVerifier verifier;
    private final ContactEmails contactEmails;

    SourceRuns(LeadIntake intake, NewLeads leads, LeadVerifier verifier, ContactEmails contactEmails) {
        this.intake = intake;
        this.leads = leads;
        this.verifier = verifier;
        this.contactEmails = contactEmails;
    }

    /** A lead of the results refused: its position among them (from 0), the field, why. */
    public record Problem(int index, String field, String message) {

        /** Its place among the results as a person counts: the first is 1. */
        public int result() {
            return index + 1;
        }
    }

    /**
     * Takes in one lead of a search's results (its {@code position} among them): a lead with a website
     * but no email gets the one its own website publishes, if any; then it is checked, stored
     * (or found a duplicate) and, if new, verified.
     */
    public Uni<LeadSearches.Outcome> takeIn(LeadInput input, int position, String actor) {
        return withContactEmail(input).flatMap(lead -> {
            LeadIntake.Accepted accepted;
            try {
                accepted = intake.check(lead);
            } catch (InvalidInputException e) {
                return Uni.createFrom()
                        .item(new LeadSearches.Outcome(
                                false,
                                false,
                                e.errors().stream()
                                        .map(error -> new Problem(position, error.field(), error.message()))
                                        .toList()));
            }
            return leads.store(accepted.lead(), actor)
                    .flatMap(stored -> !stored.created()
                            ? Uni.createFrom().item(new LeadSearches.Outcome(false, true, List.of()))
                            : verifier.verify(stored.id(), actor)
                                    .replaceWith(new LeadSearches.Outcome(true, false, List.of())));
        });
    }

    private Uni<LeadInput> withContactEmail(LeadInput input) {
        if (input.email() != null && !input.email().isBlank()
                || input.website() == null
                || input.website().isBlank()) {
            return Uni.createFrom().item(input);
        }
        return contactEmails
                .find(input.website())
                .map(found -> found.map(email -> {
                            // The address was found on the business's own site: that is its provenance.
                            Map<String, Object> metadata = new java.util.LinkedHashMap<>(
                                    input.rawMetadata() == null ? Map.of() : input.rawMetadata());
                            metadata.put("emailPage", input.website());
                            return new LeadInput(
                                    input.source(),
                                    input.businessName(),
                                    input.city(),
                                    input.category(),
                                    input.website(),
                                    email,
                                    input.phone(),
                                    input.country(),
                                    input.timezone(),
                                    metadata);
                        })
                        .orElse(input));
    }
}
