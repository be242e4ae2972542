package dev.outreach.jurisdiction;

import dev.outreach.config.Operating;
import dev.outreach.contact.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The country policies in force: the shipped {@code policies/countries.yaml}, with an
 * operator's file ({@code OUTREACH_POLICY_FILE}) laid over it country by country and channel by
 * channel. A file that loosens the hard floor, names a country that does not exist or a field we do
 * not know is refused, naming its line: calls start between 08:00 and 21:00 local time at the
 * widest, and email to the EU/EEA and GB keeps its notice. (The opt-out needs no floor: no setting
 * reaches it.)
 */
public final class CountryPolicies {

    static final String SHIPPED = "policies/countries.yaml";
    public static final LocalTime EARLIEST_CALL = Operating.EARLIEST_CALL;
    public static final LocalTime LATEST_CALL = Operating.LATEST_CALL;
    static final String DEFAULT = "DEFAULT";
    static final String EU_EEA = "EU_EEA";

    /** Where GDPR (or UK GDPR) applies: email there always carries the Art 14/21 notice. */
    static final Set<String> GDPR = Set.of(
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
            "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "GB");

    private static final Set<String> ISO = Set.of(Locale.getISOCountries());

    private final Map<String, CountryPolicy> countries;
    private final CountryPolicy fallback;

    private CountryPolicies(Map<String, CountryPolicy> countries, CountryPolicy fallback) {
        this.countries = Map.copyOf(countries);
        this.fallback = fallback;
    }

    /** The policy for a recipient in {@code country} (ISO alpha-2); the default one for any other. */
    public CountryPolicy of(String country) {
        return country == null ? fallback : countries.getOrDefault(country, fallback);
    }

    /** Whether the country has a policy of its own (else the conservative default applies). */
    public boolean hasOwn(String country) {
        return country != null && countries.containsKey(country);
    }

    /** The shipped policies, read once (they are immutable). */
    public static CountryPolicies shipped() {
        return Shipped.POLICIES;
    }

    private static final class Shipped {
        static final CountryPolicies POLICIES = load(null, null);
    }

    /**
     * The shipped policies with {@code override} (the text of an operator's file) laid over them.
     *
     * @throws PolicyFileException naming the file, the line and the problem of each mistake
     */
    public static CountryPolicies load(String override, String fileName) {
        PolicyFile base = PolicyFile.read(shippedText(), SHIPPED);
        Map<String, CountryPolicy> countries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ChannelPolicy whatsapp = PolicyFile.channel(base.whatsapp(), "whatsapp", SHIPPED, shippedText(), problems);
        Set<String> group = new java.util.LinkedHashSet<>();
        apply(base, shippedText(), SHIPPED, whatsapp, countries, group, problems);
        floor(countries, shippedText(), SHIPPED, problems);
        if (override != null) {
            PolicyFile file = PolicyFile.read(override, fileName);
            ChannelPolicy ownWhatsapp = file.whatsapp() == null
                    ? whatsapp
                    : PolicyFile.channel(file.whatsapp(), "whatsapp", fileName, override, problems);
            if (file.whatsapp() != null && ownWhatsapp != null) {
                countries.replaceAll((code, policy) -> withChannel(policy, Channel.WHATSAPP, ownWhatsapp));
            }
            apply(file, override, fileName, null, countries, group, problems);
            floor(countries, override, fileName, problems);
        }
        if (!problems.isEmpty()) {
            throw new PolicyFileException(problems);
        }
        CountryPolicy fallback = countries.remove(DEFAULT);
        return new CountryPolicies(countries, fallback);
    }

    /**
     * Lays a file's countries over {@code countries}; {@code whatsapp} fills the channel where a country has
     * none; {@code group} holds the members of EU_EEA (a file that lists them replaces them).
     */
    private static void apply(
            PolicyFile file,
            String text,
            String fileName,
            ChannelPolicy whatsapp,
            Map<String, CountryPolicy> countries,
            Set<String> group,
            List<String> problems) {
        if (file.countries() == null) {
            return;
        }
        // EU_EEA first, so that a member's own entry wins over the group's.
        List<Map.Entry<String, PolicyFile.CountryEntry>> entries =
                new ArrayList<>(file.countries().entrySet());
        entries.sort((a, b) -> Boolean.compare(!EU_EEA.equals(a.getKey()), !EU_EEA.equals(b.getKey())));
        for (Map.Entry<String, PolicyFile.CountryEntry> e : entries) {
            String code = e.getKey();
            PolicyFile.CountryEntry entry = e.getValue();
            if (entry == null) {
                problems.add(PolicyFile.at(fileName, text, code) + "country " + code + " has no rules");
                continue;
            }
            List<String> codes;
            if (EU_EEA.equals(code)) {
                if (entry.members() != null) {
                    group.clear();
                    group.addAll(entry.members());
                }
                codes = List.copyOf(group);
                for (String member : codes) {
                    if (!ISO.contains(member)) {
                        problems.add(
                                PolicyFile.at(fileName, text, "members") + member + " is not an ISO 3166 country code");
                    }
                }
            } else if (DEFAULT.equals(code) || ISO.contains(code)) {
                if (entry.members() != null) {
                    problems.add(PolicyFile.at(fileName, text, code) + "only EU_EEA has members");
                }
                codes = List.of(code);
            } else {
                problems.add(PolicyFile.at(fileName, text, code) + code
                        + " is not an ISO 3166 alpha-2 country code (nor " + "EU_EEA or DEFAULT)");
                continue;
            }
            for (String member : codes) {
                CountryPolicy before = countries.get(member);
                CountryPolicy merged =
                        merge(member, before, entry, EU_EEA.equals(code), whatsapp, fileName, text, problems);
                if (merged != null) {
                    countries.put(member, merged);
                }
            }
        }
    }

    private static CountryPolicy merge(
            String code,
            CountryPolicy before,
            PolicyFile.CountryEntry entry,
            boolean group,
            ChannelPolicy whatsapp,
            String fileName,
            String text,
            List<String> problems) {
        String where = group ? EU_EEA : code;
        String name = entry.name() != null
                ? (group ? displayName(code) + " (" + entry.name() + ")" : entry.name())
                : before != null ? before.name() : displayName(code);
        LocalTime from = before != null ? before.callsFrom() : EARLIEST_CALL;
        LocalTime to = before != null ? before.callsTo() : LATEST_CALL;
        if (entry.calls() != null) {
            Matcher m = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})")
                    .matcher(entry.calls().strip());
            try {
                if (!m.matches()) {
                    throw new DateTimeParseException("", entry.calls(), 0);
                }
                from = LocalTime.parse(pad(m.group(1)));
                to = LocalTime.parse(pad(m.group(2)));
            } catch (DateTimeParseException e) {
                problems.add(PolicyFile.at(fileName, text, where, "calls")
                        + "calls must look like \"09:00-21:00\", not \"" + entry.calls() + "\"");
            }
        }
        boolean objection =
                entry.objectionNotice() != null ? entry.objectionNotice() : before != null && before.objectionNotice();
        Map<Channel, ChannelPolicy> channels = new EnumMap<>(Channel.class);
        if (before != null) {
            channels.putAll(before.channels());
        }
        put(channels, Channel.EMAIL, entry.email(), "email", where, fileName, text, problems);
        put(channels, Channel.CALL, entry.call(), "call", where, fileName, text, problems);
        put(channels, Channel.SMS, entry.sms(), "sms", where, fileName, text, problems);
        put(channels, Channel.WHATSAPP, entry.whatsapp(), "whatsapp", where, fileName, text, problems);
        if (!channels.containsKey(Channel.WHATSAPP) && whatsapp != null) {
            channels.put(Channel.WHATSAPP, whatsapp);
        }
        for (Channel channel : Channel.values()) {
            if (!channels.containsKey(channel)) {
                problems.add(PolicyFile.at(fileName, text, where) + "country " + where + " has no rule for "
                        + channel.dbValue());
                return null;
            }
        }
        return new CountryPolicy(code, name, from, to, objection, channels);
    }

    private static void put(
            Map<Channel, ChannelPolicy> channels,
            Channel channel,
            PolicyFile.ChannelEntry entry,
            String key,
            String where,
            String fileName,
            String text,
            List<String> problems) {
        if (entry != null) {
            ChannelPolicy policy = PolicyFile.channel(entry, where + "." + key, fileName, text, problems);
            if (policy != null) {
                channels.put(channel, policy);
            }
        }
    }

    /** The hard floor, checked on the policies in force; a problem names the line of the file that set it. */
    private static void floor(
            Map<String, CountryPolicy> countries, String text, String fileName, List<String> problems) {
        for (CountryPolicy p : countries.values()) {
            if (!PolicyFile.mentions(text, p.code())
                    && !(GDPR.contains(p.code()) && PolicyFile.mentions(text, EU_EEA))) {
                continue; // this file did not set it
            }
            String where = PolicyFile.mentions(text, p.code()) ? p.code() : EU_EEA;
            if (p.callsFrom().isBefore(EARLIEST_CALL)
                    || p.callsTo().isAfter(LATEST_CALL)
                    || !p.callsTo().isAfter(p.callsFrom())) {
                problems.add(PolicyFile.at(fileName, text, where, "calls") + "calls in " + p.code() + " at "
                        + p.callsFrom() + "–" + p.callsTo() + ": the floor is 08:00–21:00 local time at the widest");
            }
            if (GDPR.contains(p.code())
                    && (!p.objectionNotice() || p.channel(Channel.EMAIL).basis() == Basis.NONE)) {
                problems.add(
                        PolicyFile.at(fileName, text, where) + "email to " + p.code() + " must keep the GDPR Art 14/21 "
                                + "notice (objection_notice: true, email basis notice or stricter)");
            }
        }
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    private static String displayName(String code) {
        return DEFAULT.equals(code)
                ? "a country without its own policy"
                : Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
    }

    private static CountryPolicy withChannel(CountryPolicy p, Channel channel, ChannelPolicy policy) {
        Map<Channel, ChannelPolicy> channels = new HashMap<>(p.channels());
        channels.put(channel, policy);
        return new CountryPolicy(p.code(), p.name(), p.callsFrom(), p.callsTo(), p.objectionNotice(), channels);
    }

    private static String shippedText() {
        try (InputStream in = CountryPolicies.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
