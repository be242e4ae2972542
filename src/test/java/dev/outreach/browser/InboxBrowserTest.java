package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.contact.Channel;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.support.MailResource;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inbox answers, in a real headless Chromium: the operator sees what we sent and what
 * came back, writes an answer under the reply, and it reaches the lead's mailbox (GreenMail) as a
 * reply in the same thread; the page then shows the answer under the reply.
 */
@QuarkusTest
class InboxBrowserTest {

    private static final String BASE = "http://localhost:8081";

    @Inject
    Pool pool;

    @Inject
    ReplyIntake intake;

    private ChromeDriver browser;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from reply");
        TestData.live(pool);
        ModelStubs.answerWith("interested", 0);
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorAnswersAReplyFromTheInbox() throws Exception {
        String email = TestData.uniqueEmail("meera");
        long lead = Seed.verifiedLead(pool, "Meera Florist", "Chennai", email);
        TestData.exec(pool, "update lead set status = 'contacted', last_contacted_at = now() where id = $1", lead);
        String sentId = Seed.sentEmail(pool, lead, UUID.randomUUID(), email);
        String mailId = "<meera-" + UUID.randomUUID() + "@florist.example>";
        long reply = intake.receive(new InboundReply(
                        Channel.EMAIL,
                        email,
                        "Re: A website idea",
                        "Sounds good. What would a shop page cost?",
                        List.of(sentId),
                        "test",
                        mailId,
                        mailId))
                .await()
                .atMost(Duration.ofSeconds(20))
                .replyId();

        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/replies");
        By thread = By.id("reply-" + reply);
        String shown = browser.findElement(thread).getText();
        assertThat(shown)
                .contains("Meera Florist")
                .contains("What would a shop page cost?")
                .contains("What we sent")
                .contains("A website idea");
        Browser.screenshot(browser, "inbox-reply");

        browser.findElement(By.id("answer-" + reply)).sendKeys("A shop page starts at 15,000 rupees. Shall I call?");
        browser.findElement(By.cssSelector("#reply-" + reply + " .answer-form button"))
                .click();
        assertThat(Browser.flash(browser, "Your answer to")).contains(email).contains("queued");

        TestData.await(
                Duration.ofSeconds(20),
                "the answer in the lead's mailbox",
                () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Re: A website idea");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo(mailId);
        assertThat(String.valueOf(mail.getContent())).contains("A shop page starts at 15,000 rupees.");

        TestData.await(
                Duration.ofSeconds(20),
                "the answer recorded as sent",
                () -> !TestData.rows(pool, "select 1 from message where kind = 'answer' and status = 'sent'")
                        .isEmpty());
        browser.get(BASE + "/console/replies");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#reply-" + reply + " .answer"), "sent"));
        assertThat(browser.findElement(By.cssSelector("#reply-" + reply + " .answer"))
                        .getText())
                .contains("Your answer")
                .contains("A shop page starts at 15,000 rupees.");
        assertThat(browser.findElement(thread).getText()).contains("Handled by");
        Browser.screenshot(browser, "inbox-answered");
    }
}
