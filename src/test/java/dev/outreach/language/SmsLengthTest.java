package dev.outreach.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** what a text costs, counted as carriers count it. */
class SmsLengthTest {

    @Test
    void theLimitsOfOneMessage() {
        assertThat(SmsLength.of("a".repeat(160))).isEqualTo(new SmsLength.Segments(false, 160, 1));
        assertThat(SmsLength.of("a".repeat(161))).isEqualTo(new SmsLength.Segments(false, 161, 2));
        assertThat(SmsLength.of("a".repeat(306))).isEqualTo(new SmsLength.Segments(false, 306, 2));
        assertThat(SmsLength.of("a".repeat(307)).count()).isEqualTo(3);
        assertThat(SmsLength.of("€".repeat(80))).isEqualTo(new SmsLength.Segments(false, 160, 1)); // extension: 2 each
        assertThat(SmsLength.of("क".repeat(70))).isEqualTo(new SmsLength.Segments(true, 70, 1));
        assertThat(SmsLength.of("क".repeat(71))).isEqualTo(new SmsLength.Segments(true, 71, 2));
        assertThat(SmsLength.of("क".repeat(134)).count()).isEqualTo(2);
        assertThat(SmsLength.of("क".repeat(135)).count()).isEqualTo(3);
        assertThat(SmsLength.of("Hi 🙏").unicode()).isTrue();
        assertThat(SmsLength.of("Hi 🙏").units()).isEqualTo(5);
        assertThat(SmsLength.of("नमस्ते, आपकी दुकान के लिए एक वेबसाइट").inWords())
                .isEqualTo("1 SMS (Unicode, 36 characters)");
    }

    @Test
    @DisplayName("Property: one character outside GSM makes the whole text Unicode, and the parts always hold it")
    void onePartHoldsWhatItMust() {
        qt().withExamples(200)
                .forAll(
                        strings().ascii().ofLengthBetween(0, 400),
                        integers().between(0, 400),
                        strings().betweenCodePoints(0x0900, 0x097F).ofLengthBetween(0, 3))
                .checkAssert((ascii, at, devanagari) -> {
                    String text = ascii.substring(0, Math.min(at, ascii.length()))
                            + devanagari
                            + ascii.substring(Math.min(at, ascii.length()));
                    SmsLength.Segments s = SmsLength.of(text);
                    if (!devanagari.isEmpty()) {
                        assertThat(s.unicode()).isTrue();
                        assertThat(s.units()).isEqualTo(text.length());
                    }
                    int perPart = s.count() == 1 ? (s.unicode() ? 70 : 160) : (s.unicode() ? 67 : 153);
                    assertThat(s.count() * perPart).isGreaterThanOrEqualTo(s.units());
                    assertThat(s.count() == 1 || (s.count() - 1) * perPart < s.units())
                            .isTrue();
                });
    }
}
