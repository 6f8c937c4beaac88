package dev.mx20.rest.validate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /domains/mail-ipv6}. Entries that are not domain names are not a 400: each gets its
 * own INVALID_NAME result, so one bad line does not sink a survey. A JSON {@code null} in the list is not a name
 * at all but a broken request: 400 naming the entry (it was checked as the name "null").
 *
 * @param domains the domains to check (at most {@code mx20.readiness.batch.max-domains})
 */
@Schema(name = "MailIpv6BatchRequest", description = "The domains to check; an entry that is not a domain name gets its own INVALID_NAME result instead of failing the request.")
public record DomainBatchRequest(
        @Schema(description = "Domains to check, at most mx20.readiness.batch.max-domains", examples = "[\"example.com\", \"example.net\"]") @NotNull List<@NotNull String> domains) {
}
