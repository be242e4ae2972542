package dev.outreach.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.contact.Channel;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The shipped country policies and the operator's override file: sources cited, the floor kept. */
class CountryPoliciesTest {

    private static final CountryPolicies SHIPPED = CountryPolicies.shipped();

    @Test
    void everyShippedRuleNamesItsLawAndSource() {
        for (String code : List.of("IN", "US", "CA", "GB", "DE", "AT", "FR", "IE", "NO", "BR", "ZZ")) {
            CountryPolicy p = SHIPPED.of(code);
            for (Channel channel : Channel.values()) {
                ChannelPolicy rule = p.channel(channel);
                assertThat(rule).as(code + " " + channel).isNotNull();
                assertThat(rule.law()).as(code + " " + channel).isNotBlank();
                assertThat(rule.source()).as(code + " " + channel).isNotBlank();
            }
            assertThat(p.callsFrom()).isAfterOrEqualTo(LocalTime.of(8, 0));
            assertThat(p.callsTo()).isBeforeOrEqualTo(LocalTime.of(21, 0));
        }
        assertThat(SHIPPED.of("US").channel(Channel.CALL).consent()).isEqualTo(ConsentLevel.EXPRESS_WRITTEN);
        assertThat(SHIPPED.of("US").channel(Channel.CALL).landlineExempt()).isTrue();
        assertThat(SHIPPED.of("IN").channel(Channel.CALL).requires())
                .containsExactly(Prerequisite.DLT, Prerequisite.NCPR);
        assertThat(SHIPPED.of("IN").callsFrom()).isEqualTo(LocalTime.of(9, 0));
        assertThat(SHIPPED.of("DE").channel(Channel.EMAIL).basis()).isEqualTo(Basis.CONSENT);
        assertThat(SHIPPED.of("AT").channel(Channel.EMAIL).law()).contains("TKG 2021 §174");
        assertThat(SHIPPED.of("FR").objectionNotice()).isTrue();
        assertThat(SHIPPED.of("FR").name()).contains("France");
        assertThat(SHIPPED.of("GB").channel(Channel.EMAIL).basis()).isEqualTo(Basis.NOTICE);
        assertThat(SHIPPED.of("CA").channel(Channel.EMAIL).basis()).isEqualTo(Basis.PUBLISHED);
        assertThat(SHIPPED.hasOwn("BR")).isFalse();
        assertThat(SHIPPED.of("BR").channel(Channel.CALL).basis())
                .as("the conservative default")
                .isEqualTo(Basis.CONSENT);
        assertThat(SHIPPED.of("BR").channel(Channel.EMAIL).basis()).isEqualTo(Basis.NOTICE);
        assertThat(SHIPPED.of("US").channel(Channel.WHATSAPP).basis()).isEqualTo(Basis.CONSENT);
    }

    @Test
    void anOverrideTightensAChannelAndKeepsTheRest() {
        CountryPolicies p = CountryPolicies.load("""
                countries:
                  IN:
                    calls: "10:00-19:00"
                    email:
                      basis: consent
                      consent: express
                      law: "our own rule: Indian shops only with consent"
                """, "policy.yaml");
        assertThat(p.of("IN").callsFrom()).isEqualTo(LocalTime.of(10, 0));
        assertThat(p.of("IN").channel(Channel.EMAIL).basis()).isEqualTo(Basis.CONSENT);
        assertThat(p.of("IN").channel(Channel.CALL).requires()).contains(Prerequisite.DLT);
        assertThat(p.of("US")).isEqualTo(SHIPPED.of("US"));
    }

    @Test
    void aFileThatLoosensTheFloorOrNamesNoCountryIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  US:
                    calls: "07:00-22:00"
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml:3:")
                .hasMessageContaining("08:00–21:00");
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  FR:
                    email:
                      basis: none
                      law: "none at all"
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml:2:")
                .hasMessageContaining("Art 14/21");
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  GB:
                    objection_notice: false
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("Art 14/21");
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  XY:
                    calls: "09:00-18:00"
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml:2:")
                .hasMessageContaining("XY is not an ISO 3166");
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  IN:
                    call:
                      basis: whenever
                      law: "x"
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml:3:")
                .hasMessageContaining("basis must be one of");
        assertThatThrownBy(() -> CountryPolicies.load("""
                countries:
                  IN:
                    hours: "09:00-18:00"
                """, "policy.yaml"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("policy.yaml:3")
                .hasMessageContaining("hours");
    }

    /** An override of one country's hours, objection notice and email basis, as an operator might write it. */
    private static Gen<String> overrides() {
        return in -> {
            String code = arbitrary()
                    .pick(List.of("IN", "US", "GB", "DE", "FR", "EU_EEA", "DEFAULT", "BR", "IE"))
                    .generate(in);
            int from = integers().between(5 * 60, 12 * 60).generate(in);
            int to = integers().between(15 * 60, 23 * 60 + 59).generate(in);
            String basis = arbitrary()
                    .pick(List.of("none", "notice", "published", "consent"))
                    .generate(in);
            boolean objection = booleans().all().generate(in);
            return """
                    countries:
                      %s:
                        calls: "%02d:%02d-%02d:%02d"
                        objection_notice: %s
                        email:
                          basis: %s
                          law: "generated"
                    """.formatted(code, from / 60, from % 60, to / 60, to % 60, objection, basis);
        };
    }

    @Test
    @DisplayName("Jurisdiction property: no override file can loosen the floor; what loads keeps calls inside "
            + "08:00–21:00 and the Art 14/21 notice in EU/EEA and GB email")
    void noOverrideLoosensTheFloor() {
        qt().withExamples(300).forAll(overrides()).checkAssert(text -> {
            CountryPolicies loaded;
            try {
                loaded = CountryPolicies.load(text, "generated.yaml");
            } catch (PolicyFileException refused) {
                assertThat(refused.problems()).allSatisfy(p -> assertThat(p).startsWith("generated.yaml:"));
                return;
            }
            for (String code : List.of("IN", "US", "GB", "DE", "FR", "IE", "BR", "NO")) {
                CountryPolicy p = loaded.of(code);
                assertThat(p.callsFrom()).as(text).isAfterOrEqualTo(LocalTime.of(8, 0));
                assertThat(p.callsTo()).as(text).isBeforeOrEqualTo(LocalTime.of(21, 0));
                if (CountryPolicies.GDPR.contains(code)) {
                    assertThat(p.objectionNotice()).as(text).isTrue();
                    assertThat(p.channel(Channel.EMAIL).basis()).as(text).isNotEqualTo(Basis.NONE);
                }
            }
        });
    }
}
