package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * in a real headless Chromium, as the owner and the recipient see it: a Hindi and a Tamil draft
 * in the approval queue, each card naming its language and why it waits, the script drawn with a real
 * font (not boxes), and the unsubscribe page in Hindi; at phone width nothing scrolls sideways.
 */
@QuarkusTest
class LanguageBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HINDI = "नमस्ते शर्मा किराना, हम पुणे की दुकानों के लिए सरल वेबसाइट बनाते हैं।";
    private static final String TAMIL =
            "வணக்கம் முருகன் ஸ்டோர்ஸ், சென்னையில் உள்ள கடைகளுக்கு எளிய இணையதளங்களை உருவாக்குகிறோம்.";
    /** The rest of each draft, so that it passes the draft check (50 to 150 words, the sender named, the link). */
    private static final String HINDI_REST = """


            मैं Acme Web Studio से आशा राव हूँ। हम छोटी दुकानों के लिए ऐसी वेबसाइट बनाते हैं जो मोबाइल पर जल्दी खुलती है,             Google Maps पर आपकी दुकान को आसानी से ढूँढने में मदद करती है, और ग्राहकों को सीधे WhatsApp पर आपसे बात करने देती है।             आपके आस पास के कई दुकानदार अब ऑनलाइन ऑर्डर भी लेते हैं।

            अगर आप चाहें तो पंद्रह मिनट की एक छोटी सी बातचीत कर सकते हैं, जिसमें हम आपको कुछ उदाहरण दिखाएँगे।             समय चुनने के लिए यहाँ क्लिक करें: https://acme-studio.example/book""";

    private static final String TAMIL_REST = """


            நான் Acme Web Studio இலிருந்து ஆஷா ராவ். சிறிய கடைகளுக்கு மொபைலில் வேகமாகத் திறக்கும், Google Maps இல் உங்கள்             கடையை எளிதாகக் கண்டுபிடிக்க உதவும், வாடிக்கையாளர்கள் நேரடியாக WhatsApp இல் உங்களுடன் பேச உதவும் இணையதளங்களை             நாங்கள் உருவாக்குகிறோம். உங்கள் பகுதியில் உள்ள பல கடைக்காரர்கள் இப்போது ஆன்லைனில் ஆர்டர்களையும் பெறுகிறார்கள்.

            நீங்கள் விரும்பினால் பதினைந்து நிமிடங்கள் பேசலாம், சில உதாரணங்களைக் காட்டுகிறோம். நேரத்தைத் தேர்ந்தெடுக்க:             https://acme-studio.example/book""";

    @Test
    void hindiAndTamilDraftsAndTheHindiUnsubscribePage() {
        long hindi = lead("Sharma Kirana", "hi");
        long tamil = lead("Murugan Stores", "ta");
        Api.asAdmin()
                .body(Map.of("channel", "email"))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        TestData.await(WAIT, "both drafts in the queue", () -> pending(hindi) != null && pending(tamil) != null);
        // What the model would write in each language (no model in the tests): the operator's edit puts it there.
        edit(pending(hindi), "शर्मा किराना के लिए एक छोटा सुझाव", HINDI + HINDI_REST);
        edit(pending(tamil), "முருகன் ஸ்டோர்ஸுக்கு ஒரு சிறிய யோசனை", TAMIL + TAMIL_REST);

        browser = Browser.signIn(BASE, "bob", 1366, 900);
        browser.get(BASE + "/console/approvals");
        WebElement hindiCard =
                browser.findElement(By.id("approval-" + pending(hindi).get("id")));
        assertThat(hindiCard.getText())
                .contains("Hindi · हिन्दी")
                .contains(HINDI)
                .contains("Not in English: it waits for you whatever the approval setting")
                .as("edited into Hindi by the operator: no longer the English fallback")
                .doesNotContain("no Hindi template");
        WebElement tamilCard =
                browser.findElement(By.id("approval-" + pending(tamil).get("id")));
        assertThat(tamilCard.getText()).contains("Tamil · தமிழ்").contains(TAMIL);
        assertThat(hindiCard.findElement(By.cssSelector("pre.body")).getAttribute("lang"))
                .isEqualTo("hi");
        // Drawn with a font that has the script: as wide as text, not a row of identical missing-glyph boxes.
        assertThat(glyphsDiffer(HINDI.substring(0, 6)))
                .as("Devanagari is drawn")
                .isTrue();
        assertThat(glyphsDiffer(TAMIL.substring(0, 6))).as("Tamil is drawn").isTrue();
        Browser.screenshot(browser, "language-drafts");
        browser.get(BASE + "/console/history");
        String history = browser.findElement(By.tagName("table")).getText();
        assertThat(history)
                .as("the history names each lead's language")
                .contains("Hindi · हिन्दी")
                .contains("Tamil · தமிழ்");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(BASE + "/console/approvals");
        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0L);
        Browser.screenshot(browser, "language-drafts-phone");

        String token = TestData.rows(pool, """
                insert into unsubscribe_token (token_hash, message_id, contact_type, contact_value)
                select sha256(convert_to('HindiToken0123456789ab', 'UTF8')), m.id, 'email', m.recipient
                from message m where m.lead_id = $1 returning 'HindiToken0123456789ab' as t""", hindi).get(0).getString("t");
        browser.get(BASE + "/u/" + token);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("hi");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("सदस्यता छोड़ें?")
                .contains("बटन दबाने तक कुछ नहीं बदलेगा");
        Browser.screenshot(browser, "language-unsubscribe-hindi-phone");
    }

    /** True when the text's first characters are drawn at different widths, i.e. not all as one fallback box. */
    private boolean glyphsDiffer(String text) {
        Object widths = browser.executeScript("""
                const c = document.createElement('canvas').getContext('2d');
                c.font = getComputedStyle(document.body).font;
                return Array.from(arguments[0]).map(ch => c.measureText(ch).width);""", text);
        return ((List<?>) widths).stream().map(Object::toString).distinct().count() > 1;
    }

    private static long lead(String name, String language) {
        return Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        name,
                        "city",
                        "Pune",
                        "category",
                        "shop",
                        "email",
                        TestData.uniqueEmail("lang"),
                        "language",
                        language))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static void edit(Map<String, Object> item, String subject, String body) {
        Api.asAdmin()
                .body(Map.of("subject", subject, "body", body, "version", item.get("version")))
                .put("/api/approvals/" + item.get("id"))
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200);
    }

    private static Map<String, Object> pending(long leadId) {
        return Api.pendingFor(leadId).stream().findFirst().orElse(null);
    }
}
