package dev.outreach.lead;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/leads/{id}/accept} and {@code …/reject}. */
@Schema(name = "LeadReviewDecision")
public record ReviewDecision(
        @Schema(required = true, description = "the version the decision was made on")
        Integer version,

        @Schema(description = "why (reject only); kept with the lead")
        String reason) {}
