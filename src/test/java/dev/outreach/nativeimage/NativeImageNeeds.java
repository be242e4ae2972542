package dev.outreach.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * What a native image of these classes needs that no Quarkus extension can see: the types our code
 * hands to Jackson, Qute or reflection by itself, and the classpath resources it reads by name. Read
 * from the compiled classes (ASM's data-flow analysis gives each call's arguments: the class
 * constant handed to {@code readValue}, the static type handed to {@code convertValue} or a runtime
 * template's {@code data}), then closed over what Jackson reaches from those types (record components,
 * fields, creator parameters, {@code @JsonDeserialize} helpers).
 *
 * <p>Found by rule, never listed by hand, so a new {@code readValue(…, X.class)} is found the day it is
 * written. {@link NativeImageRegistrationTest} checks each against the registrations.
 */
final class NativeImageNeeds {

    /** A type or resource, and where (first) and why it is needed. */
    record Need(String name, String why) {}

    private static final Set<String> JACKSON = Set.of(
            "com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectReader",
            "com/fasterxml/jackson/databind/ObjectWriter",
            "com/fasterxml/jackson/dataformat/yaml/YAMLMapper",
            "com/fasterxml/jackson/databind/json/JsonMapper");
    private static final Set<String> JACKSON_READS =
            Set.of("readValue", "readValues", "convertValue", "treeToValue", "readerFor", "forType");
    private static final Set<String> JACKSON_WRITES =
            Set.of("writeValueAsString", "writeValueAsBytes", "writeValue", "valueToTree", "convertValue");
    private static final Set<String> QUTE = Set.of("io/quarkus/qute/Template", "io/quarkus/qute/TemplateInstance");
    private static final Set<String> RESOURCE_LOADERS = Set.of("getResourceAsStream", "getResource", "getResources");

    private final ClassLoader loader;
    private final Map<String, Need> reflection = new TreeMap<>();
    private final Map<String, Need> byName = new TreeMap<>();
    private final Map<String, Need> templateData = new TreeMap<>();
    private final Map<String, Need> resources = new TreeMap<>();

    private NativeImageNeeds(ClassLoader loader) {
        this.loader = loader;
    }

    /** Reads every class under {@code classes}; resources are matched against the files beside them. */
    static NativeImageNeeds of(Path classes, ClassLoader loader) {
        NativeImageNeeds needs = new NativeImageNeeds(loader);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            if (file.toString().endsWith(".class")) {
                needs.scan(file, classes);
            }
        }
        needs.closeOverJackson();
        needs.byName.forEach(needs.reflection::putIfAbsent);
        return needs;
    }

    /** Types read or written reflectively by hand (Jackson, the Twilio SDK's Jackson, Class.forName). */
    Map<String, Need> reflection() {
        return reflection;
    }

    /** Types handed as data to a template parsed at run time (no type-safe resolver is generated for them). */
    Map<String, Need> templateData() {
        return templateData;
    }

    /** Classpath resources our code names and reads itself. */
    Map<String, Need> resources() {
        return resources;
    }

    private void scan(Path file, Path classes) {
        ClassNode node = new ClassNode();
        try (InputStream in = Files.newInputStream(file)) {
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String where = node.name.replace('/', '.');
        annotationStrings(node.visibleAnnotations, where, classes);
        annotationStrings(node.invisibleAnnotations, where, classes);
        Map<MethodNode, Analysed> analysed = new java.util.LinkedHashMap<>();
        for (MethodNode method : node.methods) {
            annotationStrings(method.visibleAnnotations, where + "." + method.name, classes);
            if (method.instructions.size() > 0) {
                analysed.put(method, scan(node, method, where + "." + method.name, classes));
            }
        }
        templateDataThroughCalls(node, analysed, where);
    }

    /** One method's instructions with the sources of every value, and (when asked) their static types. */
    private final class Analysed {
        final ClassNode owner;
        final MethodNode method;
        final String where;
        final AbstractInsnNode[] insns;
        final Frame<SourceValue>[] sources;
        private Frame<BasicValue>[] types;
        /** Parameters whose value becomes a runtime template's data. */
        final Set<Integer> forwards = new java.util.TreeSet<>();

        Analysed(ClassNode owner, MethodNode method, String where, Frame<SourceValue>[] sources) {
            this.owner = owner;
            this.method = method;
            this.where = where;
            this.insns = method.instructions.toArray();
            this.sources = sources;
        }

        Frame<BasicValue>[] types() {
            if (types == null) {
                types = staticTypes(owner, method, where);
            }
            return types;
        }

        /**
         * What produced a value, through locals, casts and copies: the producing instructions, and
         * {@code -1 - p} for parameter {@code p}.
         */
        void producers(SourceValue value, Set<AbstractInsnNode> found, Set<Integer> parameters, int depth) {
            if (depth > 20) {
                return;
            }
            for (AbstractInsnNode insn : value.insns) {
                int at = method.instructions.indexOf(insn);
                Frame<SourceValue> frame = sources[at];
                if (insn instanceof org.objectweb.asm.tree.VarInsnNode load && insn.getOpcode() == Opcodes.ALOAD) {
                    SourceValue local = frame.getLocal(load.var);
                    if (local.insns.isEmpty()) {
                        parameters.add(parameterOf(load.var));
                    } else {
                        producers(local, found, parameters, depth + 1);
                    }
                } else if (insn.getOpcode() == Opcodes.ASTORE
                        || insn.getOpcode() == Opcodes.CHECKCAST
                        || insn.getOpcode() == Opcodes.DUP) {
                    producers(frame.getStack(frame.getStackSize() - 1), found, parameters, depth + 1);
                } else {
                    found.add(insn);
                }
            }
        }

        private int parameterOf(int slot) {
            int next = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
            if (slot < next) {
                return -1; // this
            }
            org.objectweb.asm.Type[] params = org.objectweb.asm.Type.getArgumentTypes(method.desc);
            for (int p = 0; p < params.length; p++) {
                if (next == slot) {
                    return p;
                }
                next += params[p].getSize();
            }
            return -1;
        }

        /** The data a value gives a template: each value of a {@code Map.of(…)}, or the object itself. */
        void templateValues(SourceValue value) {
            Set<AbstractInsnNode> found = new java.util.LinkedHashSet<>();
            Set<Integer> parameters = new java.util.TreeSet<>();
            producers(value, found, parameters, 0);
            parameters.stream().filter(p -> p >= 0).forEach(forwards::add);
            for (AbstractInsnNode source : found) {
                int at = method.instructions.indexOf(source);
                if (source instanceof MethodInsnNode of && of.owner.equals("java/util/Map") && of.name.equals("of")) {
                    Frame<BasicValue> frame = types()[at];
                    int count = org.objectweb.asm.Type.getArgumentTypes(of.desc).length;
                    for (int v = 1; v < count; v += 2) {
                        String type = internal(frame.getStack(frame.getStackSize() - count + v));
                        if (type != null) {
                            need(templateData, type, where + ": a " + simple(type) + " in a runtime template's data");
                        }
                    }
                } else if (at + 1 < insns.length && types()[at + 1] != null) {
                    Frame<BasicValue> after = types()[at + 1];
                    String type = internal(after.getStack(after.getStackSize() - 1));
                    if (type != null && !type.equals("java/lang/Object")) {
                        need(templateData, type, where + ": a runtime template's data");
                    }
                }
            }
        }
    }

    /** A method handing its parameter on to a template makes its callers' arguments template data too. */
    private void templateDataThroughCalls(ClassNode node, Map<MethodNode, Analysed> analysed, String where) {
        Set<String> done = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Analysed callee : analysed.values()) {
                for (int p : callee.forwards) {
                    if (!done.add(callee.method.name + callee.method.desc + "#" + p)) {
                        continue;
                    }
                    changed = true;
                    for (Analysed caller : analysed.values()) {
                        for (int i = 0; i < caller.insns.length; i++) {
                            if (caller.insns[i] instanceof MethodInsnNode call
                                    && call.owner.equals(node.name)
                                    && call.name.equals(callee.method.name)
                                    && call.desc.equals(callee.method.desc)
                                    && caller.sources[i] != null) {
                                int count = org.objectweb.asm.Type.getArgumentTypes(call.desc).length;
                                Frame<SourceValue> frame = caller.sources[i];
                                caller.templateValues(frame.getStack(frame.getStackSize() - count + p));
                            }
                        }
                    }
                }
            }
        }
    }

    private Analysed scan(ClassNode owner, MethodNode method, String where, Path classes) {
        Frame<SourceValue>[] sources;
        Frame<BasicValue>[] types = null;
        try {
            sources = new Analyzer<>(new SourceInterpreter()).analyze(owner.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot analyse " + where, e);
        }
        Analysed analysed = new Analysed(owner, method, where, sources);
        AbstractInsnNode[] insns = analysed.insns;
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String text) {
                resourceNamed(text, where, classes);
            }
            if (insn instanceof MethodInsnNode call) {
                twilio(call.owner, where);
                boolean jackson = JACKSON.contains(call.owner);
                boolean qute = QUTE.contains(call.owner) && call.name.equals("data");
                boolean forName = call.owner.equals("java/lang/Class") && call.name.equals("forName");
                if (!jackson && !qute && !forName && !RESOURCE_LOADERS.contains(call.name)) {
                    continue;
                }
                if (jackson && types == null) {
                    types = analysed.types();
                }
                Frame<SourceValue> frame = sources[i];
                if (frame == null) {
                    continue; // unreachable code
                }
                org.objectweb.asm.Type[] params = org.objectweb.asm.Type.getArgumentTypes(call.desc);
                int base = frame.getStackSize() - params.length;
                for (int p = 0; p < params.length; p++) {
                    SourceValue arg = frame.getStack(base + p);
                    String param = params[p].getDescriptor();
                    if (jackson && JACKSON_READS.contains(call.name) && param.equals("Ljava/lang/Class;")) {
                        classConstants(arg)
                                .forEach(type -> need(
                                        reflection,
                                        type,
                                        where + ": " + simple(call.owner) + "." + call.name + "(…, " + simple(type)
                                                + ".class)"));
                    } else if (jackson
                            && JACKSON_WRITES.contains(call.name)
                            && param.equals("Ljava/lang/Object;")
                            && types[i] != null) {
                        String type = internal(types[i].getStack(types[i].getStackSize() - params.length + p));
                        if (type != null) {
                            need(
                                    reflection,
                                    type,
                                    where + ": " + simple(call.owner) + "." + call.name + "(a " + simple(type) + ")");
                        }
                    } else if (qute && param.equals("Ljava/lang/Object;")) {
                        analysed.templateValues(arg);
                    } else if (forName && param.equals("Ljava/lang/String;")) {
                        stringConstants(arg)
                                .forEach(name -> need(
                                        byName, name.replace('.', '/'), where + ": Class.forName(\"" + name + "\")"));
                    }
                }
            }
        }
        return analysed;
    }

    /** The Twilio SDK reads each resource it returns, and each error, with Jackson (Resource.fromJson). */
    private void twilio(String owner, String where) {
        if (!owner.startsWith("com/twilio/rest/")) {
            return;
        }
        Class<?> type = load(owner);
        Class<?> resource = load("com/twilio/base/Resource");
        if (type != null && resource != null && resource.isAssignableFrom(type) && type != resource) {
            need(reflection, owner, where + ": a Twilio resource, read by the SDK with Jackson");
            need(
                    reflection,
                    "com/twilio/exception/RestException",
                    where + ": Twilio's error answers, read by the SDK " + "with Jackson");
        }
    }

    /** A string constant naming a file of the classpath: a resource the code reads by name. */
    private void resourceNamed(String text, String where, Path classes) {
        String name = text.startsWith("/") ? text.substring(1) : text;
        if (name.isEmpty() || name.endsWith(".class") || name.contains("\n") || !name.contains("/")) {
            return;
        }
        try {
            if (Files.isRegularFile(classes.resolve(name))) {
                resources.putIfAbsent(name, new Need(name, where + ": \"" + text + "\""));
            }
        } catch (java.nio.file.InvalidPathException e) {
            // not a path
        }
    }

    private void annotationStrings(List<AnnotationNode> annotations, String where, Path classes) {
        if (annotations == null) {
            return;
        }
        for (AnnotationNode annotation : annotations) {
            if (annotation.values == null) {
                continue;
            }
            for (int v = 1; v < annotation.values.size(); v += 2) {
                Object value = annotation.values.get(v);
                if (value instanceof String text) {
                    resourceNamed(
                            text,
                            where + " @" + simple(annotation.desc.substring(1, annotation.desc.length() - 1)),
                            classes);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Frame<BasicValue>[] staticTypes(ClassNode owner, MethodNode method, String where) {
        SimpleVerifier verifier = new SimpleVerifier(
                org.objectweb.asm.Type.getObjectType(owner.name),
                owner.superName == null ? null : org.objectweb.asm.Type.getObjectType(owner.superName),
                owner.interfaces.stream()
                        .map(org.objectweb.asm.Type::getObjectType)
                        .toList(),
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
        verifier.setClassLoader(loader);
        try {
            return new Analyzer<>(verifier).analyze(owner.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot type " + where, e);
        }
    }

    private static List<String> classConstants(SourceValue value) {
        List<String> found = new ArrayList<>();
        for (AbstractInsnNode insn : value.insns) {
            if (insn instanceof LdcInsnNode ldc
                    && ldc.cst instanceof org.objectweb.asm.Type type
                    && type.getSort() == org.objectweb.asm.Type.OBJECT) {
                found.add(type.getInternalName());
            }
        }
        return found;
    }

    private static List<String> stringConstants(SourceValue value) {
        List<String> found = new ArrayList<>();
        for (AbstractInsnNode insn : value.insns) {
            if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String text) {
                found.add(text); // a computed name has nothing to check by rule
            }
        }
        return found;
    }

    private static int indexOf(AbstractInsnNode[] insns, AbstractInsnNode insn) {
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] == insn) {
                return i;
            }
        }
        throw new IllegalStateException("instruction not in its method");
    }

    /** A reference type's internal name, or null for primitives, arrays of them and untyped values. */
    private static String internal(BasicValue value) {
        if (value == null || value.getType() == null) {
            return null;
        }
        org.objectweb.asm.Type type = value.getType();
        while (type.getSort() == org.objectweb.asm.Type.ARRAY) {
            type = type.getElementType();
        }
        return type.getSort() == org.objectweb.asm.Type.OBJECT
                        && !type.getInternalName().equals("null")
                ? type.getInternalName()
                : null;
    }

    private void need(Map<String, Need> needs, String internalName, String why) {
        if (!isJdk(internalName)) {
            needs.putIfAbsent(internalName.replace('/', '.'), new Need(internalName.replace('/', '.'), why));
        }
    }

    /** What Jackson reaches from each type it is handed: components, fields, creators, custom (de)serialisers. */
    private void closeOverJackson() {
        Deque<String> todo = new ArrayDeque<>(reflection.keySet());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Class<?> type = load(name.replace('.', '/'));
            if (type == null) {
                continue;
            }
            String via = "reached by Jackson from " + name;
            List<Type> reached = new ArrayList<>();
            List<AnnotatedElement> annotated = new ArrayList<>(List.of(type));
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    reached.add(c.getGenericType());
                    annotated.add(c);
                }
            } else if (!type.isEnum()) {
                for (Field f : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        reached.add(f.getGenericType());
                        annotated.add(f);
                    }
                }
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    creatorParameters(c.getAnnotations(), c.getGenericParameterTypes(), reached);
                    annotated.addAll(List.of(c.getParameters()));
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (Modifier.isStatic(m.getModifiers())) {
                        creatorParameters(m.getAnnotations(), m.getGenericParameterTypes(), reached);
                    }
                }
            }
            for (AnnotatedElement element : annotated) {
                for (java.lang.annotation.Annotation a : element.getAnnotations()) {
                    String kind = a.annotationType().getName();
                    if (kind.equals("com.fasterxml.jackson.databind.annotation.JsonDeserialize")
                            || kind.equals("com.fasterxml.jackson.databind.annotation.JsonSerialize")) {
                        for (String attribute : List.of("using", "contentUsing", "keyUsing", "as")) {
                            reached.add(attribute(a, attribute));
                        }
                    }
                }
            }
            for (Type t : reached) {
                for (Class<?> c : classesOf(t)) {
                    String internal = c.getName().replace('.', '/');
                    if (!isJdk(internal)
                            && !c.isPrimitive()
                            && !reflection.containsKey(c.getName())
                            && !c.getName().startsWith("com.fasterxml.jackson.")) {
                        reflection.put(c.getName(), new Need(c.getName(), via));
                        todo.push(c.getName());
                    }
                }
            }
        }
    }

    private static void creatorParameters(
            java.lang.annotation.Annotation[] annotations, Type[] parameters, List<Type> reached) {
        for (java.lang.annotation.Annotation a : annotations) {
            if (a.annotationType().getName().equals("com.fasterxml.jackson.annotation.JsonCreator")) {
                reached.addAll(List.of(parameters));
            }
        }
    }

    private static Type attribute(java.lang.annotation.Annotation annotation, String name) {
        try {
            Object value = annotation.annotationType().getMethod(name).invoke(annotation);
            return value instanceof Class<?> c ? c : Void.class;
        } catch (ReflectiveOperationException e) {
            return Void.class;
        }
    }

    private static List<Class<?>> classesOf(Type type) {
        List<Class<?>> found = new ArrayList<>();
        if (type instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            found.add(element);
        } else if (type instanceof ParameterizedType p) {
            found.addAll(classesOf(p.getRawType()));
            for (Type arg : p.getActualTypeArguments()) {
                found.addAll(classesOf(arg));
            }
        } else if (type instanceof GenericArrayType a) {
            found.addAll(classesOf(a.getGenericComponentType()));
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                found.addAll(classesOf(bound));
            }
        }
        return found;
    }

    private Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean isJdk(String internalName) {
        return internalName.startsWith("java/")
                || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/")
                || internalName.equals("void");
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace('$', '.');
    }
}
