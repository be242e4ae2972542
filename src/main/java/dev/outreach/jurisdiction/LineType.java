package dev.outreach.jurisdiction;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.outreach.contact.Contacts;

/** What kind of line a number is, as far as its numbering plan tells (libphonenumber). */
public enum LineType {
    /** A fixed line: for a business listing, a business landline. */
    FIXED_LINE,
    /** A mobile number. */
    MOBILE,
    /** Could be either (the US and Canada do not tell), or cannot be read: counts as mobile. */
    UNKNOWN;

    /** The line type verification recorded ({@code landline}, {@code mobile} …), else what the number's plan tells. */
    public static LineType of(String recorded, String e164) {
        if ("landline".equals(recorded)) {
            return FIXED_LINE;
        }
        if ("mobile".equals(recorded)) {
            return MOBILE;
        }
        return of(e164);
    }

    public static LineType of(String e164) {
        return Contacts.parsePhone(e164, null)
                .map(number -> switch (PhoneNumberUtil.getInstance().getNumberType(number)) {
                    case FIXED_LINE -> FIXED_LINE;
                    case MOBILE -> MOBILE;
                    default -> UNKNOWN;
                })
                .orElse(UNKNOWN);
    }
}
