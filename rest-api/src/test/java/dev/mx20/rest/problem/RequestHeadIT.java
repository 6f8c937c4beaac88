package dev.mx20.rest.problem;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (target/quarkus-app), run by failsafe in {@code verify}. */
@QuarkusIntegrationTest
class RequestHeadIT extends RequestHeadTest {
}
