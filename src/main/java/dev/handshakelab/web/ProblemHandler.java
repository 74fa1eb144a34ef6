package dev.handshakelab.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error to one RFC 9457 {@code application/problem+json} response, once, in one
 * place. Spring MVC's own exceptions (405, 406, 415, missing parameters, ...) already become
 * problem details through {@link ResponseEntityExceptionHandler}; here the body-level ones are
 * refined so that each names the field and the rule. Jackson's own messages name Java classes,
 * so they are never passed on: {@link JsonReadErrors} says the same in the API's words.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return problem(ApiProblems.invalid(HttpStatus.BAD_REQUEST, e.errors()));
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ResourceNotFoundException e) {
        return problem(ApiProblems.of(HttpStatus.NOT_FOUND, e.problemType(), "Not found", e.getMessage()));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return problem(ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String kind = JsonReadErrors.kind(e.getRequiredType());
        return problem(ApiProblems.invalid(HttpStatus.BAD_REQUEST, List.of(new InvalidRequestException.FieldError(
                e.getName(), kind, "must be " + JsonReadErrors.article(kind) + ", not " + JsonReadErrors.quote(e.getValue())))));
    }

    /** Tomcat could not decode the query string (a bad %-escape, bytes that are not UTF-8); named here, parameter by parameter. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> badParameter(InvalidParameterException e, HttpServletRequest request) {
        return problem(ApiProblems.invalid(HttpStatus.BAD_REQUEST, List.of(PercentEncoding.badParameter(request.getQueryString()))));
    }

    @ExceptionHandler(BudgetExceededException.class)
    ResponseEntity<ProblemDetail> overBudget(BudgetExceededException e) {
        ProblemDetail pd = ApiProblems.of(HttpStatus.UNPROCESSABLE_CONTENT, "budget-exceeded", "Over a limit",
                e.field() + " " + e.getMessage());
        pd.setProperty("errors", List.of(new InvalidRequestException.FieldError(e.field(), e.rule(), e.getMessage())));
        pd.setProperty("limit", e.limit());
        return problem(pd);
    }

    @ExceptionHandler(ServiceBusyException.class)
    ResponseEntity<ProblemDetail> busy(ServiceBusyException e) {
        return retryLater(ApiProblems.of(e.status(), e.problemType(), e.status() == HttpStatus.TOO_MANY_REQUESTS
                ? "Too many requests" : "Busy", e.getMessage()), e.retryAfterSeconds());
    }

    /**
     * A step that waited too long for its session's row lock (another long step holds it), a
     * statement or transaction that ran past its timeout, or no database connection free in time:
     * the request may well succeed later, so it is told when to try again rather than given a 500.
     */
    @ExceptionHandler({org.springframework.dao.PessimisticLockingFailureException.class,
            org.springframework.dao.QueryTimeoutException.class,
            org.springframework.transaction.TransactionTimedOutException.class,
            org.springframework.transaction.CannotCreateTransactionException.class,
            jakarta.persistence.PessimisticLockException.class,
            jakarta.persistence.LockTimeoutException.class,
            jakarta.persistence.QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> databaseBusy(Exception e) {
        log.warn("Request refused while the database was busy: {}", e.toString());
        return retryLater(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "session-busy", "Busy",
                "The session is busy with another step, or the database is busy; nothing was changed. "
                        + "Try again in " + busyRetryAfterSeconds + " s."), busyRetryAfterSeconds);
    }

    @org.springframework.beans.factory.annotation.Value("${handshake-lab.limits.retry-after-seconds:2}")
    private int busyRetryAfterSeconds = 2;

    private static ResponseEntity<ProblemDetail> retryLater(ProblemDetail pd, int seconds) {
        return ResponseEntity.status(pd.getStatus()).header(HttpHeaders.RETRY_AFTER, Integer.toString(seconds))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    /** The last line: a bug of ours is still answered in the API's format, and logged. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The server failed to handle this request; nothing was changed."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        for (FieldError fe : ex.getBindingResult().getFieldErrors()) {
            errors.add(new InvalidRequestException.FieldError(fe.getField(), rule(fe), fe.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(ge -> errors.add(
                new InvalidRequestException.FieldError(ge.getObjectName(), String.valueOf(ge.getCode()), ge.getDefaultMessage())));
        return asObject(ApiProblems.invalid(HttpStatus.BAD_REQUEST, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                new InvalidRequestException.FieldError(r.getMethodParameter().getParameterName(),
                        err.getCodes() == null || err.getCodes().length == 0 ? "invalid" : rule(lastCode(err.getCodes()), err.getArguments()),
                        err.getDefaultMessage()))));
        return asObject(ApiProblems.invalid(HttpStatus.BAD_REQUEST, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return asObject(ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", tooLarge.getMessage()));
        }
        InvalidRequestException.FieldError error = cause == null
                ? new InvalidRequestException.FieldError("$", "body", "is missing or unreadable")
                : JsonReadErrors.of(cause);
        return asObject(ApiProblems.invalid(HttpStatus.BAD_REQUEST, List.of(error)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail pd) {
            if (pd.getType() == null || "about:blank".equals(pd.getType().toString())) {
                pd.setType(java.net.URI.create(ApiProblems.BASE + ApiProblems.slug(statusCode)));
            }
            InvalidRequestException.FieldError error = protocolError(ex, request);
            if (error != null && (pd.getProperties() == null || !pd.getProperties().containsKey("errors"))) {
                pd.setProperty("errors", List.of(error));
            }
            // The media type is set, not negotiated: an Accept header that rules out JSON or does
            // not parse (the very cause of a 406) would otherwise leave the problem without a body.
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(pd);
        }
        return response;
    }

    /** The HTTP-level rule a request broke, for the errors that concern the request line or headers. */
    private static InvalidRequestException.FieldError protocolError(Exception ex, WebRequest request) {
        if (ex instanceof org.springframework.web.HttpMediaTypeNotSupportedException e) {
            String given = e.getContentType() != null ? e.getContentType().toString() : request.getHeader("Content-Type");
            return new InvalidRequestException.FieldError("Content-Type", "application/json",
                    "must be application/json, not " + (given == null ? "missing" : JsonReadErrors.quote(given)));
        }
        if (ex instanceof org.springframework.web.HttpRequestMethodNotSupportedException e) {
            return new InvalidRequestException.FieldError("method", "one of " + e.getSupportedHttpMethods(),
                    e.getMethod() + " is not allowed here");
        }
        if (ex instanceof org.springframework.web.HttpMediaTypeNotAcceptableException) {
            return new InvalidRequestException.FieldError("Accept", "application/json", "must accept application/json");
        }
        if (ex instanceof org.springframework.web.servlet.resource.NoResourceFoundException e) {
            return new InvalidRequestException.FieldError("path", "known resource", "/" + e.getResourcePath() + " does not exist");
        }
        return null;
    }

    /** The constraint in short form: {@code max 65535}, {@code size 1..100}, {@code required}. */
    private static String rule(FieldError fe) {
        return rule(fe.getCode() == null ? "invalid" : fe.getCode(), fe.getArguments());
    }

    /** The same for a query or path parameter, so a bound reads alike wherever it is broken. */
    private static String rule(String code, Object[] arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        switch (code) {
            case "Min":
            case "Max":
                return args.length > 1 ? code.toLowerCase() + " " + args[1] : code.toLowerCase();
            case "OffOrBetween":
                // the attributes sorted by name again: max, then min
                return args.length > 2 ? "0 or " + args[2] + ".." + args[1] : "0 or range";
            case "Size":
                // Bean Validation passes the annotation's attributes sorted by name: max, then min.
                return args.length > 2 ? "size " + args[2] + ".." + args[1] : "size";
            case "NotNull":
                return "required";
            case "NotBlank":
                return "not blank";
            case "NotEmpty":
                return "not empty";
            case "Pattern":
                return "pattern";
            default:
                return code;
        }
    }

    private static String lastCode(String[] codes) {
        return codes[codes.length - 1];
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    private static ResponseEntity<Object> asObject(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
