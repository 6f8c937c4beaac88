package dev.mx20.rest.validate;

import dev.mx20.relay.dns.DnsNames;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every recipient is {@code local@domain} with the domain one of the request's domains. A catch-all
 * ({@code *@example.com}) passes syntax: the check RECIPIENTS_WILDCARD explains why it is a bad idea.
 * Reports one violation per bad entry, at {@code recipients[i]}, for the first
 * {@link RequestValidation#MAX_REPORTED} bad entries; the rest are counted in one more violation whose dynamic
 * payload is an {@link Unlisted} (the answer lists at most that many anyway). Why not one violation each:
 * Hibernate Validator collects violations in a hash set, and 10,000 violations of one constraint on one list
 * collide there (their paths hash alike), which took seconds of CPU per request.
 */
@Documented
@Constraint(validatedBy = RecipientsInDomains.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface RecipientsInDomains {
    String message() default "must be an address local@domain in one of the relayed domains";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Dynamic payload of the violation that stands for {@code count} bad entries not reported one by one. */
    record Unlisted(int count) {
    }

    /** Validates {@link RelayValidationRequest#recipients()} against its {@link RelayValidationRequest#domains()}. */
    class Validator implements ConstraintValidator<RecipientsInDomains, RelayValidationRequest> {
        /** RFC 5321 §4.5.3.1.1: a local part is at most 64 octets; dot-atom text (RFC 5322 §3.2.3), or "*". */
        private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

        @Override
        public boolean isValid(RelayValidationRequest request, ConstraintValidatorContext context) {
            if (request == null || request.recipients() == null || request.domains() == null) {
                return true;
            }
            Set<String> domains = request.domains().stream().filter(d -> d != null && DnsNames.isHostName(d))
                    .map(DnsNames::normalize).collect(Collectors.toSet());
            List<String> recipients = request.recipients();
            int bad = 0;
            context.disableDefaultConstraintViolation();
            for (int i = 0; i < recipients.size(); i++) {
                String problem = problem(recipients.get(i), domains);
                if (problem != null && ++bad <= RequestValidation.MAX_REPORTED) {
                    context.buildConstraintViolationWithTemplate(escape(problem))
                            .addPropertyNode("recipients")
                            .addContainerElementNode("<list element>", List.class, 0).inIterable().atIndex(i)
                            .addConstraintViolation();
                }
            }
            if (bad > RequestValidation.MAX_REPORTED) {
                int unlisted = bad - RequestValidation.MAX_REPORTED;
                context.unwrap(HibernateConstraintValidatorContext.class)
                        .withDynamicPayload(new Unlisted(unlisted))
                        .buildConstraintViolationWithTemplate(unlisted + " more invalid entries")
                        .addPropertyNode("recipients")
                        .addConstraintViolation();
            }
            return bad == 0;
        }

        /** A message is a template to the validator: braces and dollars in it are literal here. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }

        private static String problem(String r, Set<String> domains) {
            if (r == null || r.isBlank()) {
                return "must be an address local@domain, not empty";
            }
            if (r.length() > 254) { // RFC 5321 §4.5.3.1.3 path limit, less the angle brackets
                return "must be at most 254 characters";
            }
            int at = r.lastIndexOf('@');
            if (at <= 0 || at == r.length() - 1) {
                return "must be an address local@domain";
            }
            String local = r.substring(0, at);
            String domain = r.substring(at + 1);
            if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
                return "has an invalid local part (at most 64 characters of dot-atom text)";
            }
            if (!DnsNames.isHostName(domain) || !domains.contains(DnsNames.normalize(domain))) {
                return "must be in one of the relayed domains " + domains.stream().sorted().toList();
            }
            return null;
        }
    }
}
