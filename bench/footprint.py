"""Tables for bench/footprint: start-up phases, NMT categories, classes and metaspace per library."""
import collections
import os
import re
import sys
import zipfile

startup_log, nmt_file, classload_log, app_dir = sys.argv[1:5]

# --- Start-up by phase: Quarkus's own step timings (quarkus.debug.print-startup-times) -------------
PHASES = [
    ("Flyway: migrate", r"[Ff]lyway"),
    ("Hibernate ORM/Reactive boot", r"[Hh]ibernate"),
    ("OIDC", r"[Oo]idc"),
    ("Scheduler", r"[Ss]cheduler"),
    ("Vert.x and HTTP server", r"[Vv]ertx|[Hh]ttp|[Rr]est|[Rr]esteasy"),
    ("LangChain4j", r"[Ll]angchain|[Ll]ang[Cc]hain"),
    ("Mailer", r"[Mm]ailer"),
    ("Config, CDI (ArC)", r"[Cc]onfig|[Aa]rc"),
]
steps = []
for line in open(startup_log, errors="replace"):
    m = re.search(r"Build step (\S+) completed in: (\d+)ms", line)
    if m:
        steps.append((m.group(1), int(m.group(2))))
started = re.search(r"started in (\d+\.\d+)s", open(startup_log, errors="replace").read())
total = collections.OrderedDict((name, 0) for name, _ in PHASES)
total["other steps"] = 0
for step, ms in steps:
    for name, pattern in PHASES:
        if re.search(pattern, step):
            total[name] += ms
            break
    else:
        total["other steps"] += ms
print("\nStart-up by phase (runtime init steps, ms)")
print("| phase | ms |\n|---|---|")
for name, ms in total.items():
    print(f"| {name} | {ms} |")
if started:
    print(f"| Quarkus 'started in' (JVM start to ready, as Quarkus counts it) | {float(started.group(1)) * 1000:.0f} |")
slowest = sorted(steps, key=lambda s: -s[1])[:8]
print("\nSlowest steps: " + "; ".join(f"{s.split('.')[-1]} {ms} ms" for s, ms in slowest))

# --- Native Memory Tracking ---------------------------------------------------------------------
text = open(nmt_file).read()
print("\nNative Memory Tracking after the campaign (committed MB)")
print("| category | committed MB |\n|---|---|")
m = re.search(r"Total: reserved=(\d+)KB, committed=(\d+)KB", text)
if m:
    print(f"| **total** | **{int(m.group(2)) / 1024:.1f}** |")
rows = []
for cat, committed in re.findall(r"-\s+([A-Za-z][A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB", text):
    rows.append((cat.strip(), int(committed) / 1024))
for cat, mb in sorted(rows, key=lambda r: -r[1]):
    if mb >= 0.5:
        print(f"| {cat} | {mb:.1f} |")
metaspace_kb = int(dict(rows).get("Metaspace", 0) * 1024)

# --- Classes per library ------------------------------------------------------------------------
FAMILIES = [
    ("Hibernate ORM + Reactive, Byte Buddy, Narayana, JPA", r"^(org\.hibernate\.orm|org\.hibernate\.reactive|org\.hibernate\.common|org\.hibernate\.models|net\.bytebuddy|jakarta\.persistence|org\.jboss\.narayana|io\.quarkus\.quarkus-hibernate|io\.quarkus\.quarkus-narayana|org\.jboss\.jandex|io\.smallrye\.jandex|org\.antlr)"),
    ("Hibernate Validator", r"^(org\.hibernate\.validator|io\.quarkus\.quarkus-hibernate-validator|jakarta\.validation)"),
    ("Vert.x + Netty (with Mutiny bindings)", r"^(io\.vertx|io\.netty|io\.smallrye\.reactive\.smallrye-mutiny-vertx|io\.smallrye\.reactive\.vertx)"),
    ("Mutiny", r"^io\.smallrye\.reactive\.mutiny"),
    ("Twilio SDK + Apache HttpClient", r"^(com\.twilio|org\.apache\.httpcomponents)"),
    ("LangChain4j (+ jtokkit, OpenNLP)", r"^(dev\.langchain4j|io\.quarkiverse\.langchain4j|com\.knuddels|org\.apache\.opennlp)"),
    ("jsoup, crawler-commons, HTML sanitizer", r"^(org\.jsoup|com\.github\.crawler-commons|com\.googlecode\.owasp)"),
    ("Jackson", r"^com\.fasterxml\.jackson"),
    ("Flyway + PostgreSQL JDBC", r"^(org\.flywaydb|org\.postgresql|io\.quarkus\.quarkus-flyway|io\.quarkus\.quarkus-jdbc|io\.agroal|io\.quarkus\.quarkus-agroal)"),
    ("Reactive PostgreSQL client", r"^io\.quarkus\.quarkus-reactive"),
    ("RESTEasy Reactive / Quarkus REST", r"^(io\.quarkus\.resteasy|io\.quarkus\.quarkus-rest|jakarta\.ws)"),
    ("Qute", r"^io\.quarkus\.qute|^io\.quarkus\.quarkus-qute"),
    ("OIDC + security + JWT", r"^(io\.quarkus\.quarkus-oidc|io\.quarkus\.security|io\.quarkus\.quarkus-security|io\.smallrye\.smallrye-jwt|org\.bitbucket\.b_c|io\.smallrye\.jwt)"),
    ("Angus Mail, Vert.x mail, quarkus-mailer", r"^(org\.eclipse\.angus|jakarta\.mail|io\.quarkus\.quarkus-mailer|jakarta\.activation)"),
    ("Micrometer", r"^(io\.micrometer|io\.quarkus\.quarkus-micrometer|org\.hdrhistogram|org\.latencyutils)"),
    ("SmallRye (config, fault tolerance, health, OpenAPI, context)", r"^(io\.smallrye|org\.eclipse\.microprofile)"),
    ("libphonenumber", r"^com\.googlecode\.libphonenumber"),
    ("Caffeine", r"^com\.github\.ben-manes"),
    ("JBoss logging, threads", r"^org\.jboss"),
    ("Quarkus core and other extensions", r"^io\.quarkus"),
]


# Hidden classes (lambdas, method handles) name their host class as the source: counted with its library.
HOSTS = [
    ("Outreach (this app)", r"^dev\.outreach\."),
    ("Hibernate ORM + Reactive, Byte Buddy, Narayana, JPA", r"^(org\.hibernate\.(?!validator)|net\.bytebuddy|com\.arjuna)"),
    ("Hibernate Validator", r"^org\.hibernate\.validator"),
    ("Vert.x + Netty (with Mutiny bindings)", r"^(io\.vertx|io\.netty)"),
    ("Mutiny", r"^io\.smallrye\.mutiny"),
    ("Jackson", r"^com\.fasterxml\.jackson"),
    ("Flyway + PostgreSQL JDBC", r"^(org\.flywaydb|org\.postgresql|io\.agroal)"),
    ("RESTEasy Reactive / Quarkus REST", r"^org\.jboss\.resteasy"),
    ("Qute", r"^io\.quarkus\.qute"),
    ("SmallRye (config, fault tolerance, health, OpenAPI, context)", r"^(io\.smallrye|org\.eclipse\.microprofile)"),
    ("Micrometer", r"^io\.micrometer"),
    ("LangChain4j (+ jtokkit, OpenNLP)", r"^(dev\.langchain4j|io\.quarkiverse\.langchain4j)"),
    ("Quarkus core and other extensions", r"^io\.quarkus"),
    ("JDK", r"^(java|javax|jdk|sun|com\.sun)\."),
]


def family(source):
    if source in ("jrt", "shared objects file") or source.startswith("jrt:"):
        return "JDK"
    if source.startswith("__"):
        return "defined at run time (Lookup.defineClass, dynamic proxies)"
    if re.fullmatch(r"[\w.$]+", source):
        for name, pattern in HOSTS:
            if re.search(pattern, source):
                return name
        return "other (hidden classes)"
    jar = os.path.basename(source.split("!")[0])
    if jar.startswith("outreach-"):
        return "Outreach (this app)"
    if "generated-bytecode" in jar or "transformed-bytecode" in jar:
        return "Quarkus generated and transformed bytecode"
    for name, pattern in FAMILIES:
        if re.search(pattern, jar):
            return name
    return "other: " + re.sub(r"-\d.*$", "", jar)


jars = {}


def class_bytes(source, name):
    path = source.split("!")[0]
    path = path[len("file:"):] if path.startswith("file:") else path
    if not path.endswith(".jar") or not os.path.exists(path):
        return 0
    if path not in jars:
        with zipfile.ZipFile(path) as z:
            jars[path] = {i.filename: i.file_size for i in z.infolist()}
    return jars[path].get(name.replace(".", "/") + ".class", 0)


counts = collections.Counter()
sizes = collections.Counter()
for line in open(classload_log, errors="replace"):
    m = re.search(r"\]\s(\S+) source: (.+)$", line)
    if not m:
        continue
    name, source = m.group(1), m.group(2).strip()
    f = family(source)
    counts[f] += 1
    sizes[f] += class_bytes(source, name)
all_bytes = sum(sizes.values()) or 1
print(f"\nClasses loaded per library ({sum(counts.values())} in all; metaspace {metaspace_kb / 1024:.1f} MB committed, "
      "shared out by class-file bytes for the libraries: an estimate; the JDK's own classes come mostly from the CDS archive)")
print("| library | classes | class files, KB | metaspace, est. MB |\n|---|---|---|---|")
for f, n in counts.most_common():
    est = "" if sizes[f] == 0 else f"{metaspace_kb / 1024 * sizes[f] / all_bytes:.1f}"
    print(f"| {f} | {n} | {sizes[f] / 1024:.0f} | {est} |")
