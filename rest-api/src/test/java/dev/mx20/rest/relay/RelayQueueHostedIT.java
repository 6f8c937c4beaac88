package dev.mx20.rest.relay;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The hosted relay in the packaged application, configured by the same profile and test resource. */
@QuarkusIntegrationTest
@TestProfile(HostedRelayProfile.class)
class RelayQueueHostedIT extends RelayQueueHostedTest {
}
