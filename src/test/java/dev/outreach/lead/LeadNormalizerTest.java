package dev.outreach.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.contact.Contacts;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** the keys leads are de-duplicated by do not depend on how a source happened to write them. */
class LeadNormalizerTest {

    private static final List<String> SUFFIXES =
            List.of("", " Pvt Ltd", " Pvt. Ltd.", " Private Limited", " LLP", " Inc.", " Ltd", " LLC", ", Pvt. Ltd.");

    @Test
    @DisplayName("Property 26: Data normalization — name keys ignore case, spacing, punctuation and legal suffixes")
    void nameKeysIgnoreHowTheNameIsWritten() {
        qt().withExamples(300)
                .forAll(
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(2, 12),
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(2, 12),
                        arbitrary().pick(SUFFIXES),
                        integers().between(0, 3))
                .checkAssert((first, second, suffix, style) -> {
                    String plain = first + " " + second;
                    String written = switch (style) {
                                case 0 -> plain.toUpperCase(Locale.ROOT);
                                case 1 -> "  " + plain.replace(" ", "   ") + " ";
                                case 2 ->
                                    Character.toUpperCase(first.charAt(0)) + first.substring(1) + ". " + second + "!";
                                default -> plain;
                            }
                            + suffix;
                    String key = LeadNormalizer.nameKey(written);
                    assertThat(key).isEqualTo(LeadNormalizer.nameKey(plain));
                    assertThat(LeadNormalizer.nameKey(key)).isEqualTo(key);
                });
    }

    @Test
    @DisplayName("Property 26: Data normalization — a website host ignores scheme, www., case, path and trailing slash")
    void websiteHostsIgnoreSchemeWwwCaseAndPath() {
        qt().withExamples(300)
                .forAll(
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 15),
                        arbitrary().pick(List.of("com", "in", "co.in", "example")),
                        arbitrary()
                                .pick(List.of(
                                        "", "http://", "https://", "HTTPS://", "http://www.", "https://WWW.", "www.")),
                        arbitrary().pick(List.of("", "/", "/contact/", "/a/b?x=1", "#top")))
                .checkAssert((name, tld, prefix, path) -> assertThat(
                                Contacts.websiteHost(prefix + name.toUpperCase(Locale.ROOT) + "." + tld + path))
                        .contains(name + "." + tld));
    }

    @Test
    @DisplayName("Property 26: Data normalization — every way of writing one Indian mobile gives one E.164")
    void phonesBecomeOneE164() {
        qt().withExamples(300)
                .forAll(
                        integers().between(0, 99_999_999),
                        arbitrary().pick(List.of("+91 %s %s", "0%s%s", "%s-%s", "(+91) %s %s", "91%s%s", "+91-%s-%s")))
                .checkAssert((digits, format) -> {
                    String number = "98" + String.format("%08d", digits);
                    String written = String.format(format, number.substring(0, 5), number.substring(5));
                    assertThat(Contacts.phoneE164(written, "IN")).contains("+91" + number);
                });
    }
}
