package dev.mx20.rest.dsn;

import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Query parameters of {@code POST /dsn/classify/batch}, checked by Hibernate Validator (400 when broken).
 * {@code top} is bound as text on purpose: JAX-RS answers 404 when a query parameter fails to convert to a
 * number, which would tell the client the endpoint does not exist; as text it reaches the validator and
 * gets a 400 that names the parameter.
 */
public class BatchParams {

    @RestQuery
    // One constraint, so a bad value gets one violation with the whole rule ("abc" broke @Pattern, @Min and @Max).
    @Pattern(regexp = "[1-9]|[1-9][0-9]|100", message = "must be a whole number from 1 to 100")
    @Schema(description = "Length of the summary's top lists (1-100); default mx20.dsn.batch.top-n",
            type = SchemaType.INTEGER, minimum = "1",
            maximum = "100", examples = "20")
    String top;

    /** The requested top-list length, or {@code null} when the request does not say. */
    public Integer top() {
        return top == null ? null : Integer.valueOf(top);
    }
}
