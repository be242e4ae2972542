package dev.outreach.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Property 56: Sensitive data masking. */
class MaskingTest {

    @Test
    @DisplayName("Property 56: Sensitive data masking — a secret shows at most its last 4 characters")
    void secretsNeverRevealMoreThanTheirLastFour() {
        qt().withExamples(500)
                .forAll(strings().allPossible().ofLengthBetween(0, 80))
                .checkAssert(secret -> {
                    String masked = Masking.secret(secret);
                    String shown = masked.replace("••••", "");
                    assertThat(shown.length()).isLessThanOrEqualTo(4);
                    if (secret.length() < 12) {
                        assertThat(masked).isEqualTo("••••");
                    } else {
                        assertThat(masked).isEqualTo("••••" + secret.substring(secret.length() - 4));
                        assertThat(shown.length() * 3).isLessThanOrEqualTo(secret.length());
                    }
                });
    }

    @Test
    @DisplayName("Property 56: Sensitive data masking — a phone number shows at most 4 of its digits")
    void phonesShowAtMostFourDigits() {
        qt().withExamples(300)
                .forAll(integers().between(1, 15), strings().numeric())
                .checkAssert((length, seed) -> {
                    String digits = (seed + "9876543210987654").substring(0, Math.min(length, 15));
                    String masked = Masking.phone("+" + digits);
                    long shown = masked.chars().filter(Character::isDigit).count();
                    assertThat(shown).isLessThanOrEqualTo(digits.length() >= 8 ? 4 : 0);
                    assertThat(masked).hasSize(digits.length() + 1);
                });
    }

    @Test
    void phonesInsideFreeTextAreMasked() {
        String text = Masking.text("Twilio said: number +91 98765 43210 is unreachable");
        assertThat(text).doesNotContain("98765").doesNotContain("43210").contains("+91");
    }

    @Test
    void identifiersAreNotMistakenForPhones() {
        String text = "in flight: [123e4567-e89b-12d3-a456-426614174000], order 20261123120000";
        assertThat(Masking.text(text)).contains("426614174000");
        assertThat(Masking.text("call (022) 2345 6789 now")).doesNotContain("2345 6789");
    }

    @Test
    void detailsAreMaskedByKeyName() {
        Map<String, Object> masked = Masking.details(Map.of(
                "apiKey", "sk-live-abcdefghijklmnopqrstuvwxyz",
                "phone", "+919876543210",
                "email", "priya@example.com",
                "count", 3));
        assertThat(masked.get("apiKey")).isEqualTo("••••wxyz");
        assertThat(masked.get("phone")).isEqualTo("+91••••••••10");
        assertThat(masked.get("email")).isEqualTo("p•••@example.com");
        assertThat(masked.get("count")).isEqualTo(3);
    }
}
