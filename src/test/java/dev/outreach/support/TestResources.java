package dev.outreach.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the shared test resources for every test class (and the packaged-jar tests). */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MailResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ProvidersResource.class, restrictToAnnotatedClass = false)
public final class TestResources {

    private TestResources() {}
}
