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

/** An IPv4 or IPv6 address literal of the given family (never resolved as a name). Null is valid. */
@Documented
@Constraint(validatedBy = IpLiteral.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface IpLiteral {
    /** Which families are accepted. */
    enum Family { IPV4, IPV6, ANY }

    Family family() default Family.ANY;

    String message() default "must be an IP address literal of the right family (e.g. 192.0.2.1 or 2001:db8::25)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses with {@link IpAddresses}. */
    class Validator implements ConstraintValidator<IpLiteral, String> {
        private Family family;

        @Override
        public void initialize(IpLiteral annotation) {
            family = annotation.family();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            return switch (family) {
                case IPV4 -> IpAddresses.isIpv4(value);
                case IPV6 -> IpAddresses.isIpv6(value);
                case ANY -> IpAddresses.isLiteral(value);
            };
        }
    }
}
