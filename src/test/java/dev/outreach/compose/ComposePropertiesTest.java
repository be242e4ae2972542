package dev.outreach.compose;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.outreach.channel.Outgoing;
import dev.outreach.contact.Channel;
import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import dev.outreach.outbox.Assembler;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.ProvidersResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 22 and 28–31: what the model is asked, what it may write, the fallback, and the footer. */
@QuarkusTest
class ComposePropertiesTest {

    private static final String COMPANY = "Acme Web Studio";
    private static final String ADDRESS = "12 MG Road, Bengaluru 560001, India";
    private static final String BOOKING = "https://acme-studio.example/book";
    private static final String GOOD = """
            Hello %s team,

            I came across your business while looking at local shops in %s, and it stood out for the care that goes \
            into every order. Many businesses like yours now take their bookings and orders online.

            I'm Asha from Acme Web Studio. We build fast, simple websites with online ordering for local businesses, \
            so customers can see what you offer and order any time, even when the shop is busy.

            Would a 15-minute call next week help? You can pick a time here: https://acme-studio.example/book""";

    /** Ways a model's email can differ from a good one; the first two are harmless. */
    enum Change {
        MARKUP,
        GREETING,
        NO_COMPANY,
        NO_BOOKING_LINK,
        FOREIGN_LINK,
        TOO_SHORT,
        PLACEHOLDER;

        boolean refused() {
            return this != MARKUP && this != GREETING;
        }

        String apply(String body) {
            return switch (this) {
                case MARKUP -> "<p>" + body.replace("Acme Web Studio", "<b>Acme Web Studio</b>") + "</p>";
                case GREETING -> body.replaceFirst("Hello", "Dear");
                case NO_COMPANY -> body.replace(COMPANY, "our studio");
                case NO_BOOKING_LINK -> body.replace(BOOKING, "our website");
                case FOREIGN_LINK -> body + " See also https://evil.example/deal";
                case TOO_SHORT -> "Hi from Acme Web Studio. Book here: " + BOOKING;
                case PLACEHOLDER -> body.replaceFirst(" team,", " team [Owner Name],");
            };
        }
    }

    /** Ways the model can fail to answer. */
    enum Failure {
        SERVER_ERROR,
        UNAVAILABLE,
        NOT_JSON,
        EMPTY,
        CONNECTION_RESET,
        REFUSED_CONTENT
    }

    @Inject
    Composer composer;

    @Inject
    EmailFooter footer;

    @Inject
    Assembler assembler;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    @DisplayName("Property 28: AI provider invocation — the model is asked about the lead's own name, trade and city")
    void theModelIsAskedWithTheLeadsContext() {
        ModelStubs.answer("A website idea", String.format(GOOD, "Shop", "Pune"), 0);
        qt().withExamples(110)
                .forAll(
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(3, 12),
                        arbitrary().pick(List.of("bakery", "dentist", "optician", "florist")),
                        arbitrary().pick(List.of("Pune", "Kochi", "Indore", "Leeds")))
                .checkAssert((name, category, city) -> {
                    String business = "Zq" + name + " Works";
                    Draft draft = draft(new Recipient(1, business, category, city));
                    assertThat(draft.method()).isEqualTo(Method.AI);
                    ServeEvent asked = ProvidersResource.server().getAllServeEvents().stream()
                            .filter(e -> e.getRequest().getBodyAsString().contains(business))
                            .findFirst()
                            .orElseThrow();
                    assertThat(asked.getRequest().getUrl()).isEqualTo(ModelStubs.COMPLETIONS);
                    assertThat(asked.getRequest().getBodyAsString())
                            .contains(category)
                            .contains(city)
                            .contains(COMPANY);
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 29: Content validation — a model's email is used only with the sender, the call to action and no stray link")
    // spotless:on
    void onlyAValidModelEmailIsUsed() {
        qt().withExamples(150)
                .forAll(
                        arbitrary().enumValues(Change.class),
                        arbitrary().enumValues(Change.class),
                        arbitrary().pick(List.of("Pune", "Goa", "Agra")),
                        integers().between(0, 1_000_000))
                .checkAssert((first, second, city, n) -> {
                    breakers.resetAll();
                    String business = "Lotus " + n;
                    String body = second.apply(first.apply(String.format(GOOD, business, city)));
                    ModelStubs.answer("A website for " + business, body, 0);
                    Draft draft = draft(new Recipient(2, business, "bakery", city));
                    boolean refused = first.refused() || second.refused();
                    assertThat(draft.method())
                            .as("%s + %s", first, second)
                            .isEqualTo(refused ? Method.TEMPLATE : Method.AI);
                    if (draft.method() == Method.AI) {
                        assertThat(draft.body())
                                .contains(COMPANY)
                                .contains(BOOKING)
                                .doesNotContain("<")
                                .doesNotContain("evil");
                        int words = draft.body().split("\\s+").length;
                        assertThat(words).isBetween(50, 150);
                    }
                });
    }

    @Test
    @DisplayName("Property 30: Fallback on AI failure — a failing model gives the template, filled in for the lead")
    void aFailingModelGivesTheFilledInTemplate() {
        qt().withExamples(110)
                .forAll(
                        arbitrary().enumValues(Failure.class),
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(3, 10))
                .checkAssert((failure, name) -> {
                    fail(failure);
                    String business = "Fallback " + name;
                    Draft draft = draft(new Recipient(3, business, "gym", "Nagpur"));
                    assertThat(draft.method()).as(failure.name()).isEqualTo(Method.TEMPLATE);
                    assertThat(draft.subject()).contains(business);
                    assertThat(draft.body())
                            .contains(business)
                            .contains("Nagpur")
                            .contains(COMPANY)
                            .contains(BOOKING)
                            .doesNotContain("{");
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 31: Compliance footer appending — every body leaves with identity, address, unsubscribe and privacy")
    // spotless:on
    void everyBodyLeavesWithTheFooter() {
        qt().withExamples(300)
                .forAll(
                        strings().allPossible().ofLengthBetween(0, 500),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                        arbitrary().enumValues(Language.class))
                .checkAssert((body, business, language) -> {
                    String url = "http://localhost:8081/u/" + UUID.randomUUID();
                    boolean known = business.length() % 2 == 0;
                    boolean objection = business.length() % 3 == 0;
                    String text = footer.append(
                            language,
                            body,
                            business,
                            url,
                            known ? "your Google Maps business listing" : null,
                            objection);
                    assertThat(text).startsWith(body.strip());
                    String tail = text.substring(body.strip().length());
                    assertThat(tail)
                            .contains("Asha Rao")
                            .contains(COMPANY)
                            .contains(ADDRESS)
                            .contains(url)
                            .contains("https://acme-studio.example/privacy");
                    // the notice, the right to object and the links in the lead's language, as a person wrote
                    // them.
                    assertThat(tail.contains(FixedWords.of(
                                    language,
                                    "footer.foundAt",
                                    "foundAt",
                                    "your Google Maps business listing",
                                    "business",
                                    business)))
                            .isEqualTo(known);
                    assertThat(tail.contains(FixedWords.of(language, "footer.listed", "business", business)))
                            .isEqualTo(!known);
                    assertThat(tail.contains(FixedWords.of(language, "footer.objection")))
                            .isEqualTo(objection);
                    assertThat(tail).contains(FixedWords.of(language, "footer.unsubscribe", "url", url));
                    if (language == Language.ENGLISH) {
                        assertThat(tail.contains("We found your address on your Google Maps business listing"))
                                .isEqualTo(known);
                        assertThat(tail.contains("right to object")).isEqualTo(objection);
                    }
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 22: Email compliance elements — every email names the sender, its address and an unsubscribe link")
    // spotless:on
    void everyEmailCarriesTheComplianceElements() {
        qt().withExamples(300)
                .forAll(
                        strings().allPossible().ofLengthBetween(0, 300),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                        integers().between(0, 1000))
                .checkAssert((body, business, n) -> {
                    Assembler.Assembled out = assembler.email(
                            UUID.randomUUID(),
                            "owner" + n + "@shop.example",
                            "Subject " + n,
                            body,
                            business,
                            Assembler.Notice.NONE);
                    Outgoing.Email email = (Outgoing.Email) out.outgoing();
                    assertThat(email.channel()).isEqualTo(Channel.EMAIL);
                    assertThat(email.text()).contains(COMPANY).contains(ADDRESS).contains("/u/" + out.token());
                    assertThat(email.fromName()).isEqualTo("Asha Rao");
                    assertThat(email.fromAddress()).isEqualTo("asha@acme-studio.example");
                });
    }

    private Draft draft(Recipient lead) {
        return composer.draft(lead, Channel.EMAIL, 1).await().atMost(Duration.ofSeconds(20));
    }

    private static void fail(Failure failure) {
        var stub = post(urlPathEqualTo(ModelStubs.COMPLETIONS));
        switch (failure) {
            case SERVER_ERROR ->
                ProvidersResource.server()
                        .stubFor(stub.willReturn(
                                aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
            case UNAVAILABLE ->
                ProvidersResource.server().stubFor(stub.willReturn(aResponse().withStatus(503)));
            case NOT_JSON -> ModelStubs.answerWith("Sure! Here is an email: Hello there", 0);
            case EMPTY -> ModelStubs.answerWith("", 0);
            case CONNECTION_RESET ->
                ProvidersResource.server()
                        .stubFor(stub.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            case REFUSED_CONTENT -> ModelStubs.answer("Hi", "Buy now at https://evil.example", 0);
        }
    }
}
