package dev.mx20.rest.dsn;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class ReportKindsIT extends ReportKindsTest {
}
