package dev.mx20.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same walk of /q/openapi, served by the packaged application. */
@QuarkusIntegrationTest
class OpenApiContractIT extends OpenApiContractTest {
}
