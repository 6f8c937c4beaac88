package dev.mx20.rest.dsn;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged application, started with the small limit. */
@QuarkusIntegrationTest
@TestProfile(MessageSizeLimitTest.SmallMessages.class)
class MessageSizeLimitIT extends MessageSizeLimitTest {
}
