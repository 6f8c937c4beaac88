package dev.mx20.rest.relay;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The disabled-relay answers of the packaged application (target/quarkus-app), run by failsafe in {@code verify}. */
@QuarkusIntegrationTest
class RelayQueueDisabledIT extends RelayQueueDisabledTest {
}
