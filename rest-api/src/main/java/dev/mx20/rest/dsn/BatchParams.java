package dev.mx20.rest.dsn;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestQuery;

/** Query parameters of {@code POST /dsn/classify/batch}, checked by Hibernate Validator (400 when broken). */
public class BatchParams {

    /** Length of the summary's top lists; {@code mx20.dsn.batch.top-n} when absent. */
    @RestQuery
    @Min(1)
    @Max(100)
    @Schema(description = "Length of the summary's top lists (1-100); default mx20.dsn.batch.top-n", examples = "20")
    Integer top;

    public Integer top() {
        return top;
    }
}
