package dev.mx20.rest.validate;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (TestDnsResource is a global test resource: loopback DNS). */
@QuarkusIntegrationTest
class RelayValidateResourceIT extends RelayValidateResourceTest {
}
