package dev.outreach.source;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.InvalidInputException;
import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.Leads;
import dev.outreach.verify.LeadVerifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs a search of a lead source and takes in what it finds, lead by lead, through the same intake,
 * de-duplication and verification as every other lead, after looking for a published email on the
 * lead's own website when the source gave none. A lead that fails validation is reported and
 * skipped; a source that fails part-way keeps what it had fetched and says why it stopped.
 */
@ApplicationScoped
public class SourceRuns {

    private static final Logger LOG = Logger.getLogger(SourceRuns.class);

    private final LeadIntake intake;
    private final Leads leads;
    private final LeadVerifier verifier;
    private final AuditLog audit;
    private final ContactEmails contactEmails;

    SourceRuns(LeadIntake intake, Leads leads, LeadVerifier verifier, AuditLog audit, ContactEmails contactEmails) {
        this.intake = intake;
        this.leads = leads;
        this.verifier = verifier;
        this.audit = audit;
        this.contactEmails = contactEmails;
    }

    public record Problem(int index, String field, String message) {
    }

    public record Summary(String source, String query, int fetched, int created, int duplicates, int rejected,
            List<Problem> problems, String error) {
    }

    /**
     * Takes in what {@code leads} yields. A lead with a website but no email gets the one its own
     * website publishes, if any.
     */
    public Uni<Summary> run(LeadSource source, String query, Multi<LeadInput> leads, String actor) {
        List<LeadInput> fetched = new ArrayList<>();
        String[] error = new String[1];
        return leads
                .onItem().transformToUniAndConcatenate(this::withContactEmail)
                .onItem().invoke(fetched::add)
                .collect().last()
                .onFailure().recoverWithItem(failure -> {
                    error[0] = failure.getMessage();
                    LOG.warnf("%s search '%s' stopped after %d leads: %s", source.name(), query, fetched.size(),
                            failure.getMessage());
                    return null;
                })
                .flatMap(x -> store(fetched, actor))
                .map(taken -> new Summary(source.name(), query, fetched.size(), taken.created, taken.duplicates,
                        taken.rejected, List.copyOf(taken.problems), error[0]))
                .call(summary -> audit.record(AuditEntry.of(actor, "source.searched").entity("source", source.name())
                        .detail("query", query).detail("fetched", summary.fetched()).detail("created", summary.created())
                        .detail("duplicates", summary.duplicates()).detail("rejected", summary.rejected())
                        .detail("error", summary.error())));
    }

    private Uni<LeadInput> withContactEmail(LeadInput input) {
        if (input.email() != null && !input.email().isBlank() || input.website() == null || input.website().isBlank()) {
            return Uni.createFrom().item(input);
        }
        return contactEmails.find(input.website()).map(found -> found.map(email -> {
            // The address was found on the business's own site: that is its provenance.
            Map<String, Object> metadata = new java.util.LinkedHashMap<>(input.rawMetadata() == null ? Map.of()
                    : input.rawMetadata());
            metadata.put("emailPage", input.website());
            return new LeadInput(input.source(), input.businessName(), input.city(), input.category(), input.website(),
                    email, input.phone(), input.country(), input.timezone(), metadata);
        }).orElse(input));
    }

    private static final class Taken {
        int created;
        int duplicates;
        int rejected;
        final List<Problem> problems = new ArrayList<>();
    }

    /** Stores each valid lead in turn and verifies the new ones. */
    private Uni<Taken> store(List<LeadInput> inputs, String actor) {
        Taken taken = new Taken();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            LeadInput input = inputs.get(i);
            chain = chain.flatMap(x -> {
                LeadIntake.Accepted accepted;
                try {
                    accepted = intake.check(input);
                } catch (InvalidInputException e) {
                    taken.rejected++;
                    e.errors().forEach(error -> taken.problems.add(new Problem(index, error.field(), error.message())));
                    return Uni.createFrom().voidItem();
                }
                return leads.store(accepted.lead(), actor).flatMap(stored -> {
                    if (!stored.created()) {
                        taken.duplicates++;
                        return Uni.createFrom().voidItem();
                    }
                    taken.created++;
                    return verifier.verify(stored.id(), actor).replaceWithVoid();
                });
            });
        }
        return chain.replaceWith(taken);
    }
}
