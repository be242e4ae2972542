package dev.outreach.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.outreach.contact.Channel;
import dev.outreach.gate.ComplianceGate;
import dev.outreach.gate.ContactFacts;
import dev.outreach.gate.Decision;
import dev.outreach.gate.Policy;
import dev.outreach.gate.Rule;
import dev.outreach.gate.Verdict;
import dev.outreach.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The gate with the law of the recipient's country, for generated recipients: countries,
 * channels, consents, line types, registrations and instants. Each statement is one a lawyer would
 * make about the shipped policies, checked on the gate's whole decision.
 */
class JurisdictionPropertiesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final CountryPolicies COUNTRIES = CountryPolicies.shipped();
    private static final Policy POLICY = new Policy(
            Map.of(Channel.EMAIL, 1000, Channel.CALL, 1000, Channel.SMS, 1000, Channel.WHATSAPP, 1000),
            Map.of(),
            100,
            Duration.ZERO,
            LocalTime.of(8, 0),
            LocalTime.of(21, 0),
            false,
            ZoneId.of("Asia/Kolkata"),
            true,
            false,
            COUNTRIES);

    /** A generated recipient: facts the gate gets, and the instant. */
    private record Case(RecipientFacts recipient, Instant now) {}

    private static Gen<Case> cases() {
        return in -> {
            Instant now = START.plusSeconds(
                    longs().between(0, Duration.ofDays(700).toSeconds()).generate(in));
            String country = arbitrary()
                    .pick(List.of("IN", "US", "CA", "GB", "DE", "AT", "FR", "BR"))
                    .generate(in);
            Channel channel = arbitrary().enumValues(Channel.class).generate(in);
            RecipientFacts.Consent consent = booleans().all().generate(in)
                    ? null
                    : new RecipientFacts.Consent(
                            integers().between(1, 999).generate(in),
                            arbitrary().enumValues(ConsentLevel.class).generate(in));
            LineType line =
                    channel.usesPhone() ? arbitrary().enumValues(LineType.class).generate(in) : null;
            String provenance = booleans().all().generate(in) ? null : "your Google Maps business listing";
            Instant wrote = booleans().all().generate(in)
                    ? null
                    : now.minus(Duration.ofHours(integers().between(0, 72).generate(in)));
            RecipientFacts.Dlt dlt = new RecipientFacts.Dlt(
                    booleans().all().generate(in),
                    booleans().all().generate(in),
                    booleans().all().generate(in),
                    null);
            LocalDate ncpr = booleans().all().generate(in)
                    ? null
                    : LocalDate.ofInstant(now, ZoneOffset.UTC)
                            .minusDays(integers().between(0, 14).generate(in));
            return new Case(
                    new RecipientFacts(
                            country,
                            "the lead's country",
                            channel,
                            consent,
                            line,
                            provenance,
                            wrote,
                            dlt,
                            ncpr,
                            booleans().all().generate(in)),
                    now);
        };
    }

    private static Verdict jurisdiction(Case c) {
        RecipientFacts r = c.recipient();
        ContactFacts facts = new ContactFacts(
                r.channel(),
                1,
                LeadStatus.VERIFIED,
                true,
                false,
                false,
                null,
                null,
                0,
                0,
                r.country(),
                "example.com",
                0,
                null,
                ZoneId.of("UTC"),
                false,
                r);
        Decision decision = ComplianceGate.decide(facts, POLICY, c.now());
        Verdict v = decision.verdict(Rule.JURISDICTION).orElseThrow();
        if (v.refused()) {
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
        }
        return v;
    }

    private static boolean consentFor(RecipientFacts r, ConsentLevel needed) {
        return r.consent() != null && r.consent().level().atLeast(needed);
    }

    @Test
    @DisplayName("Jurisdiction property: every decision names the country, how it was found and the law; a pass "
            + "names its evidence")
    void everyVerdictNamesCountryLawAndEvidence() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            Verdict v = jurisdiction(c);
            ChannelPolicy rule = COUNTRIES.of(r.country()).channel(r.channel());
            assertThat(v.reason())
                    .startsWith(r.country() + " (the lead's country)")
                    .contains(rule.law());
            if (!v.refused() && rule.basis() == Basis.CONSENT) {
                assertThat(v.reason())
                        .containsAnyOf(
                                "consent "
                                        + (r.consent() == null
                                                ? "?"
                                                : r.consent().id()),
                                "business landline");
            }
            if (v.refused()) {
                assertThat(v.reason()).contains("needs");
            }
        });
    }

    @Test
    @DisplayName("Jurisdiction property: no automated call or text to a US number that may be a mobile without "
            + "prior express written consent (TCPA)")
    void usAutomatedContactNeedsWrittenConsent() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            if (!"US".equals(r.country()) || !(r.channel() == Channel.CALL || r.channel() == Channel.SMS)) {
                return;
            }
            boolean allowed = !jurisdiction(c).refused();
            boolean mayGo = r.lineType() == LineType.FIXED_LINE || consentFor(r, ConsentLevel.EXPRESS_WRITTEN);
            assertThat(allowed).as("%s", r).isEqualTo(mayGo);
        });
    }

    @Test
    @DisplayName("Jurisdiction property: no cold email or call to Germany or Austria without consent (UWG §7, "
            + "TKG 2021 §174)")
    void germanyAndAustriaNeedConsent() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            if (!List.of("DE", "AT").contains(r.country()) || r.channel() == Channel.WHATSAPP) {
                return;
            }
            Verdict v = jurisdiction(c);
            assertThat(!v.refused()).isEqualTo(consentFor(r, ConsentLevel.EXPRESS));
            assertThat(v.reason()).contains(r.country().equals("DE") ? "UWG" : "TKG 2021");
        });
    }

    @Test
    @DisplayName("Jurisdiction property: no promotional call or SMS to India without DLT registration and a NCPR "
            + "scrub of the last 7 days (TRAI TCCCPR)")
    void indiaNeedsDltAndAFreshNcprList() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            if (!"IN".equals(r.country()) || !(r.channel() == Channel.CALL || r.channel() == Channel.SMS)) {
                return;
            }
            LocalDate today = LocalDate.ofInstant(c.now(), ZoneOffset.UTC);
            boolean registered = r.dlt().entity()
                    && (r.channel() == Channel.CALL
                            ? r.dlt().callerId()
                            : r.dlt().smsTemplate());
            boolean scrubbed = r.ncprUploadedOn() != null
                    && !r.ncprUploadedOn().plusDays(7).isBefore(today);
            Verdict v = jurisdiction(c);
            assertThat(!v.refused()).as("%s", r).isEqualTo(registered && scrubbed);
            assertThat(v.reason()).contains("TRAI");
        });
    }

    @Test
    @DisplayName("Jurisdiction property: WhatsApp only with an opt-in, and outside the 24 hours after the contact "
            + "wrote only with an approved template")
    void whatsAppNeedsOptInAndTheWindow() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            if (r.channel() != Channel.WHATSAPP) {
                return;
            }
            boolean inWindow = r.contactWroteAt() != null
                    && !r.contactWroteAt().plus(Duration.ofHours(24)).isBefore(c.now());
            assertThat(!jurisdiction(c).refused())
                    .as("%s", r)
                    .isEqualTo(consentFor(r, ConsentLevel.EXPRESS) && (inWindow || r.whatsAppTemplate()));
        });
    }

    @Test
    @DisplayName("Jurisdiction property: email to India, the US, the UK, France and the default countries goes on "
            + "notice or with no consent; to Canada with a consent or the record of where it was published")
    void emailBasisByCountry() {
        qt().withExamples(500).forAll(cases()).checkAssert(c -> {
            RecipientFacts r = c.recipient();
            if (r.channel() != Channel.EMAIL) {
                return;
            }
            Verdict v = jurisdiction(c);
            switch (r.country()) {
                case "IN", "US", "GB", "FR", "BR" ->
                    assertThat(v.refused()).as(v.reason()).isFalse();
                case "CA" ->
                    assertThat(!v.refused())
                            .isEqualTo(r.provenance() != null || consentFor(r, ConsentLevel.CONSPICUOUS_PUBLICATION));
                default -> {}
            }
            if (List.of("GB", "FR").contains(r.country())) {
                assertThat(v.reason()).contains("right to object");
            }
        });
    }
}
