package dev.outreach.language;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request to stop said in words no opt-out list holds: a word of contact with a negation
 * right beside it, as India's languages build "do not send / do not call" from a verb or a noun
 * ("दोबारा ईमेल मत करना", "dubara contact mat karna", "ફરી ફોન ન કરો", "அழைக்காதீர்கள்"). The
 * bench's held-out sentences showed the phrase lists missing exactly these (stop 43: 0 of 7). Each
 * language's words are in {@code language/negations/<tag>.txt}, written by a person (its README says
 * how); only the word next to the contact word counts, so "call karna mat bhoolna" (do not forget to
 * call) and "bhej do na" (do send) stay what they are.
 */
final class NegatedContact {

    private record Rule(
            List<String> contact, Set<String> before, Set<String> after, Set<String> aux, List<String> suffix) {}

    private static final List<Rule> RULES = load();

    private NegatedContact() {}

    /** True when the folded words (look-alikes already taken out) hold a negated word of contact. */
    static boolean in(String words) {
        String[] w = words.strip().split(" ");
        for (Rule rule : RULES) {
            for (int i = 0; i < w.length; i++) {
                if (!startsWithAny(w[i], rule.contact())) {
                    continue;
                }
                boolean suffixed = endsWithAny(w[i], rule.suffix());
                boolean before = i > 0 && rule.before().contains(w[i - 1]);
                boolean after = i + 1 < w.length && rule.after().contains(w[i + 1])
                        || i + 2 < w.length
                                && rule.aux().contains(w[i + 1])
                                && rule.after().contains(w[i + 2]);
                if (suffixed || before || after) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWithAny(String word, List<String> stems) {
        for (String stem : stems) {
            if (word.startsWith(stem)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithAny(String word, List<String> suffixes) {
        for (String suffix : suffixes) {
            if (word.length() > suffix.length() && word.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> load() {
        List<Rule> rules = new ArrayList<>();
        for (Language language : Language.values()) {
            Map<String, List<String>> sections = ReplyPhrases.sections("language/negations/" + language.tag() + ".txt");
            if (sections == null) {
                continue;
            }
            rules.add(new Rule(
                    folded(sections, "contact"),
                    Set.copyOf(folded(sections, "before")),
                    Set.copyOf(folded(sections, "after")),
                    Set.copyOf(folded(sections, "aux")),
                    folded(sections, "suffix")));
        }
        return List.copyOf(rules);
    }

    private static List<String> folded(Map<String, List<String>> sections, String name) {
        return sections.getOrDefault(name, List.of()).stream()
                .map(word -> ReplyPhrases.words(word).strip())
                .filter(word -> !word.isEmpty())
                .distinct()
                .toList();
    }
}
