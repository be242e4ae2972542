package dev.outreach.verify;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.outreach.contact.Contacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** libphonenumber validity and line type. */
@ApplicationScoped
public class PhoneChecks {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public PhoneVerdict check(String e164) {
        Optional<PhoneNumber> parsed = Contacts.parsePhone(e164, null);
        if (parsed.isEmpty()) {
            return new PhoneVerdict(
                    e164, false, "unknown", false, 0.0, "invalid", List.of("not a valid number"), "libphonenumber");
        }
        PhoneNumberType type = PHONES.getNumberType(parsed.get());
        String lineType = switch (type) {
            case MOBILE -> "mobile";
            case FIXED_LINE -> "landline";
            case FIXED_LINE_OR_MOBILE -> "landline_or_mobile";
            case VOIP -> "voip";
            case TOLL_FREE -> "toll_free";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
        double confidence = switch (type) {
            case MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE -> 0.9;
            case VOIP -> 0.6;
            default -> 0.5;
        };
        boolean businessLine = type == PhoneNumberType.FIXED_LINE
                || type == PhoneNumberType.TOLL_FREE
                || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
        List<String> reasons = confidence < 0.6 ? List.of("unusual line type " + lineType) : List.of();
        return new PhoneVerdict(e164, true, lineType, businessLine, confidence, "valid", reasons, "libphonenumber");
    }
}
