package dev.mx20.rest.validate;

import dev.mx20.relay.dns.DnsNames;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A host or mail domain name: LDH labels, two or more, at most 253 characters, not an IP literal. Null is valid. */
@Documented
@Constraint(validatedBy = DomainName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface DomainName {
    String message() default "must be a domain name such as relay.example.com (letters, digits, hyphens; IDNs as xn-- A-labels)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks with {@link DnsNames#isHostName(String)}, the same rule the checks use. */
    class Validator implements ConstraintValidator<DomainName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || DnsNames.isHostName(value);
        }
    }
}
