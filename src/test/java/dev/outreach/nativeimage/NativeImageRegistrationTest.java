package dev.outreach.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Native-image correctness (issue 18): every type our code hands to Jackson, Qute or reflection by
 * itself is registered for reflection, and every classpath resource it reads by name is listed for the
 * image. {@link NativeImageNeeds} finds them in the compiled classes by rule; this test checks them
 * against what registers them: {@code @RegisterForReflection} (on the type, or its {@code targets}),
 * {@code @TemplateData}, and {@code quarkus.native.resources.includes} plus what the Qute and Flyway
 * extensions list themselves.
 *
 * <p>With {@code -Doutreach.native-sources=<runner jar>} (CI, after the sources-only native build) the
 * same needs are checked against the configuration Quarkus generated for {@code native-image}: its
 * {@code reflect-config.json}, {@code resource-config.json} and generated template resolvers.
 */
class NativeImageRegistrationTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path FIXTURES = Path.of("target", "test-classes", "dev", "outreach", "nativeimage", "fixture");
    private static final DotName REGISTER =
            DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");
    private static final DotName TEMPLATE_DATA = DotName.createSimple("io.quarkus.qute.TemplateData");

    /** Needs a native image of production never has, with the reason. */
    private static final Map<String, String> NOT_IN_PRODUCTION = Map.of(
            "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
            "dev mode's embedded PostgreSQL (config.DevDatabase): a test-scoped library, never packaged");

    /** Resources a library reads by name, which no extension lists: one file of each, and why. */
    private static final Map<String, String> LIBRARY_RESOURCES = Map.of(
            "com/google/i18n/phonenumbers/data/PhoneNumberMetadataProto_IN",
            "libphonenumber loads each region's metadata from the classpath on first use");

    private static final NativeImageNeeds NEEDS =
            NativeImageNeeds.of(CLASSES, NativeImageRegistrationTest.class.getClassLoader());

    @Test
    void findsTheTypesTheCodeHandsToJacksonByItself() {
        // The rule finds what is known to be read or written by hand; a finder that finds nothing proves nothing.
        assertThat(NEEDS.reflection())
                .containsKeys(
                        "dev.outreach.source.PlacesApi$Page",
                        "dev.outreach.source.PlacesApi$Place",
                        "dev.outreach.verify.ZeroBounceApi$Validation",
                        "dev.outreach.gate.Decision",
                        "dev.outreach.gate.Verdict",
                        "dev.outreach.jurisdiction.PolicyFile",
                        "com.twilio.rest.api.v2010.account.Call",
                        "com.twilio.rest.api.v2010.account.Message",
                        "com.twilio.rest.lookups.v2.PhoneNumber",
                        "com.twilio.exception.RestException");
        // Templates people type are rendered in a sandbox that reads the lead through its own resolver (issue 28),
        // so nothing is handed to Qute for reflection by hand any more; that the finder finds such data is
        // shown on the fixture (namesWhatIsNotRegistered).
        assertThat(NEEDS.templateData())
                .as("types handed by hand to a runtime template")
                .isEmpty();
        assertThat(NEEDS.resources())
                .containsKeys(
                        "policies/countries.yaml",
                        "prompts/email-system.txt",
                        "verify/disposable-domains.txt",
                        "verify/free-mail-domains.txt");
    }

    @Test
    void everyTypeHandledByHandIsRegisteredForReflection() {
        Registrations registered = Registrations.of(CLASSES);
        assertThat(unregistered(NEEDS, registered))
                .as("types read or written by reflection, not registered "
                        + "(add @RegisterForReflection, or list third-party types in a targets list)")
                .isEmpty();
        assertThat(withoutTemplateData(NEEDS, registered))
                .as("runtime template data without @TemplateData")
                .isEmpty();
    }

    @Test
    void everyResourceReadByNameIsListedForTheImage() {
        assertThat(unlisted(resourcesNeeded(NEEDS), includes(CLASSES.resolve("application.properties"))))
                .as("resources read by name, not in quarkus.native.resources.includes")
                .isEmpty();
    }

    /**
     * The check fails when a registration is missing: classes that read a type with Jackson and hand a
     * record to a runtime template without registering them, and a resource read by name while the includes
     * list lacks it.
     */
    @Test
    void namesWhatIsNotRegistered() {
        NativeImageNeeds fixture = NativeImageNeeds.of(FIXTURES, NativeImageRegistrationTest.class.getClassLoader());
        Registrations registered = Registrations.of(FIXTURES);
        assertThat(unregistered(fixture, registered))
                .anyMatch(line -> line.startsWith(
                        "dev.outreach.nativeimage.fixture.Unregistered ← dev.outreach.nativeimage.fixture.ReadsByHand.read: "
                                + "ObjectMapper.readValue(…, Unregistered.class)"))
                .anyMatch(line -> line.startsWith("dev.outreach.nativeimage.fixture.Unregistered$Inner ← reached by "
                        + "Jackson from dev.outreach.nativeimage.fixture.Unregistered"))
                .noneMatch(line -> line.startsWith("dev.outreach.nativeimage.fixture.Registered "));
        assertThat(withoutTemplateData(fixture, registered))
                .anyMatch(line -> line.startsWith("dev.outreach.nativeimage.fixture.Unregistered ←"));
        assertThat(unlisted(
                        resourcesNeeded(NEEDS),
                        List.of("verify/**", "db/migration/**", "com/google/i18n/phonenumbers/data/**", "prompts/**")))
                .singleElement()
                .asString()
                .startsWith("policies/countries.yaml ← dev.outreach.jurisdiction.CountryPolicies");
    }

    @Test
    @EnabledIfSystemProperty(named = "outreach.native-sources", matches = ".+")
    void theGeneratedNativeImageConfigurationHasThemAll() throws IOException {
        try (ZipFile jar = new ZipFile(System.getProperty("outreach.native-sources"))) {
            ObjectMapper json = new ObjectMapper();
            Set<String> reflective = new HashSet<>();
            for (JsonNode entry : json.readTree(read(jar, "META-INF/native-image/reflect-config.json"))) {
                reflective.add(entry.path("name").asText());
            }
            List<String> missing = new ArrayList<>();
            NEEDS.reflection().forEach((name, need) -> {
                if (!reflective.contains(name) && !NOT_IN_PRODUCTION.containsKey(name)) {
                    missing.add(name + " ← " + need.why());
                }
            });
            assertThat(missing).as("not in the generated reflect-config.json").isEmpty();

            List<String> resolvers = new ArrayList<>();
            NEEDS.templateData().forEach((name, need) -> {
                String resolver = name.replace('.', '/').replace("$", "$_") + "_ValueResolver.class";
                if (jar.getEntry(resolver) == null) {
                    resolvers.add(name + " ← " + need.why());
                }
            });
            assertThat(resolvers)
                    .as("runtime template data without a generated value resolver")
                    .isEmpty();

            List<Pattern> patterns = new ArrayList<>();
            for (JsonNode include : json.readTree(read(jar, "META-INF/native-image/resource-config.json"))
                    .path("resources")
                    .path("includes")) {
                patterns.add(Pattern.compile(include.path("pattern").asText()));
            }
            List<String> unlisted = new ArrayList<>();
            resourcesNeeded(NEEDS).forEach((name, why) -> {
                if (patterns.stream().noneMatch(p -> p.matcher(name).matches())) {
                    unlisted.add(name + " ← " + why);
                }
            });
            assertThat(unlisted).as("not in the generated resource-config.json").isEmpty();
        }
    }

    private static List<String> unregistered(NativeImageNeeds needs, Registrations registered) {
        List<String> missing = new ArrayList<>();
        needs.reflection().forEach((name, need) -> {
            if (!registered.reflection.contains(name) && !NOT_IN_PRODUCTION.containsKey(name)) {
                missing.add(name + " ← " + need.why());
            }
        });
        return missing;
    }

    private static List<String> withoutTemplateData(NativeImageNeeds needs, Registrations registered) {
        List<String> missing = new ArrayList<>();
        needs.templateData().forEach((name, need) -> {
            if (!registered.templateData.contains(name)) {
                missing.add(name + " ← " + need.why());
            }
        });
        return missing;
    }

    /**
     * Every resource the image must hold that no build step of ours lists by itself: what the code names,
     * the migrations (Flyway reads them by scanning), the libraries' own. The Qute templates are left out:
     * the Qute extension lists every file under {@code templates/} (checked in the generated configuration).
     */
    private static Map<String, String> resourcesNeeded(NativeImageNeeds needs) {
        Map<String, String> needed = new java.util.TreeMap<>();
        needs.resources().forEach((name, need) -> needed.put(name, need.why()));
        try (Stream<Path> migrations = Files.list(CLASSES.resolve("db/migration"))) {
            migrations.forEach(m -> needed.putIfAbsent("db/migration/" + m.getFileName(), "a Flyway migration"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        needed.putAll(LIBRARY_RESOURCES);
        return needed;
    }

    private static List<String> unlisted(Map<String, String> needed, List<String> globs) {
        List<PathMatcher> matchers = globs.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toList();
        List<String> missing = new ArrayList<>();
        needed.forEach((name, why) -> {
            boolean template = name.startsWith("templates/");
            if (!template && matchers.stream().noneMatch(m -> m.matches(Path.of(name)))) {
                missing.add(name + " ← " + why);
            }
        });
        return missing;
    }

    private static List<String> includes(Path properties) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(properties)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = p.getProperty("quarkus.native.resources.includes", "");
        return Stream.of(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static byte[] read(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name + " in " + jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** What the annotations of a class tree register: for reflection, and as template data. */
    private record Registrations(Set<String> reflection, Set<String> templateData) {

        static Registrations of(Path root) {
            Indexer indexer = new Indexer();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file :
                        walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        indexer.index(in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Index index = indexer.complete();
            Set<String> reflection = new TreeSet<>();
            for (AnnotationInstance a : index.getAnnotations(REGISTER)) {
                AnnotationValue targets = a.value("targets");
                AnnotationValue names = a.value("classNames");
                if (targets != null) {
                    for (org.jboss.jandex.Type t : targets.asClassArray()) {
                        reflection.add(t.name().toString());
                    }
                }
                if (names != null) {
                    reflection.addAll(List.of(names.asStringArray()));
                }
                if (targets == null && names == null && a.target().kind() == AnnotationTarget.Kind.CLASS) {
                    ClassInfo type = a.target().asClass();
                    reflection.add(type.name().toString());
                    AnnotationValue ignoreNested = a.value("ignoreNested");
                    if (ignoreNested != null && !ignoreNested.asBoolean()) {
                        index.getKnownClasses().stream()
                                .map(c -> c.name().toString())
                                .filter(n -> n.startsWith(type.name() + "$"))
                                .forEach(reflection::add);
                    }
                }
            }
            Set<String> templateData = new TreeSet<>();
            for (AnnotationInstance a : index.getAnnotations(TEMPLATE_DATA)) {
                AnnotationValue target = a.value("target");
                if (target != null && !target.asClass().name().toString().equals("io.quarkus.qute.TemplateData")) {
                    templateData.add(target.asClass().name().toString());
                } else if (a.target().kind() == AnnotationTarget.Kind.CLASS) {
                    templateData.add(a.target().asClass().name().toString());
                }
            }
            return new Registrations(reflection, templateData);
        }
    }
}
