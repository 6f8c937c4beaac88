package dev.mx20.rest.validate;

import dev.mx20.relay.dns.IpAddresses;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An address with an optional prefix length: {@code 192.0.2.0/24}, {@code 2001:db8::1/128}. Null is valid. */
@Documented
@Constraint(validatedBy = Cidr.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Cidr {
    String message() default "must be an address with an optional prefix length, e.g. 2001:db8::1/128";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Address literal plus 0-32 (IPv4) or 0-128 (IPv6). */
    class Validator implements ConstraintValidator<Cidr, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String[] parts = value.strip().split("/", -1);
            if (parts.length > 2) {
                return false;
            }
            var bytes = IpAddresses.parse(parts[0]);
            if (bytes.isEmpty()) {
                return false;
            }
            if (parts.length == 1) {
                return true;
            }
            if (!parts[1].matches("\\d{1,3}")) {
                return false;
            }
            return Integer.parseInt(parts[1]) <= bytes.get().length * 8;
        }
    }
}
