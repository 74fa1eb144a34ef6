package dev.handshakelab.session.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A knob where 0 means "not set" and any other value must lie in {@code min..max}, as a socket
 * option whose 0 is the default: {@code TCP_MAXSEG} of 0 leaves the MSS to the route, and
 * {@code do_tcp_setsockopt} refuses anything else below {@code TCP_MIN_MSS} (88) with EINVAL.
 * A constraint rather than a check in the service, so that a request with several bad knobs hears
 * about all of them at once. Null is valid: an absent override keeps the profile's value.
 */
@Documented
@Constraint(validatedBy = OffOrBetween.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface OffOrBetween {

    long min();

    long max();

    String message() default "must be 0 or between {min} and {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks one value against its annotation's bounds. */
    class Validator implements ConstraintValidator<OffOrBetween, Number> {

        private long min;
        private long max;

        @Override
        public void initialize(OffOrBetween bounds) {
            this.min = bounds.min();
            this.max = bounds.max();
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            return value == null || value.longValue() == 0 || (value.longValue() >= min && value.longValue() <= max);
        }
    }
}
