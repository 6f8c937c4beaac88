package dev.mx20.rest.dsn;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged application, started with the small mailbox limit. */
@QuarkusIntegrationTest
@TestProfile(DsnBatchLimitsTest.SmallLimits.class)
class DsnBatchLimitsIT extends DsnBatchLimitsTest {
}
