package dev.outreach.bench;

import dev.outreach.feedback.ReplyIntent;
import dev.outreach.language.Language;
import dev.outreach.language.ReplyPhrases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/languages: how well the keyword classifier reads replies in each language (R-19.3). Two
 * measures per language: the shipped phrase lists (each phrase read alone must give its own section's
 * intent; a look-alike must not be an opt-out), and whole sentences written apart from the lists
 * (bench/languages.tsv: tag, expected intent, sentence). Prints one line per language and the time per
 * reply.
 */
public final class LanguageAccuracy {

    public static void main(String[] args) throws Exception {
        Map<String, int[]> sentences = new LinkedHashMap<>();
        List<String> misses = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            int[] score = sentences.computeIfAbsent(f[0], k -> new int[2]);
            ReplyIntent got = ReplyIntent.classify(null, f[2]);
            score[1]++;
            if (got.key().equals(f[1]) || "not_opt_out".equals(f[1]) && got != ReplyIntent.OPT_OUT) {
                score[0]++;
            } else {
                misses.add(f[0] + " \"" + f[2] + "\": expected " + f[1] + ", got " + got.key());
            }
        }
        System.out.printf(
                "%-10s %22s %24s %22s%n",
                "language", "opt-out phrases", "other phrases (intent)", "held-out sentences");
        long n = 0;
        long t0 = System.nanoTime();
        for (Language language : Language.values()) {
            int stopOk = 0, stops = 0, otherOk = 0, others = 0;
            for (Map.Entry<String, List<String>> section :
                    ReplyPhrases.written(language).entrySet()) {
                for (String phrase : section.getValue()) {
                    ReplyIntent got = ReplyIntent.classify(null, phrase);
                    n++;
                    boolean right = switch (section.getKey()) {
                        case ReplyPhrases.NOT_OPT_OUT -> got != ReplyIntent.OPT_OUT;
                        default -> got.key().equals(section.getKey());
                    };
                    if (section.getKey().equals(ReplyPhrases.OPT_OUT)
                            || section.getKey().equals(ReplyPhrases.NOT_OPT_OUT)) {
                        stops++;
                        stopOk += right ? 1 : 0;
                    } else {
                        others++;
                        otherOk += right ? 1 : 0;
                    }
                    if (!right) {
                        misses.add(
                                language.tag() + " list " + section.getKey() + " \"" + phrase + "\": got " + got.key());
                    }
                }
            }
            int[] s = sentences.getOrDefault(language.tag(), new int[2]);
            System.out.printf(
                    "%-10s %13d/%-3d %5.1f%% %15d/%-3d %5.1f%% %13d/%-3d %5.1f%%%n",
                    language.tag(),
                    stopOk,
                    stops,
                    100.0 * stopOk / stops,
                    otherOk,
                    others,
                    100.0 * otherOk / others,
                    s[0],
                    s[1],
                    s[1] == 0 ? 0 : 100.0 * s[0] / s[1]);
        }
        double micros = (System.nanoTime() - t0) / 1e3 / n;
        System.out.printf("%d phrases classified, %.1f µs each (first pass, JIT cold)%n", n, micros);
        misses.forEach(m -> System.out.println("miss: " + m));
    }
}
