package dev.handshakelab.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a body whose Content-Type is a range ({@code * / *}, {@code application/*}) or does not
 * parse, with 415, before Spring MVC reads it: Spring's request headers refuse a wildcard
 * Content-Type with an IllegalArgumentException, which would otherwise surface as a 500. The
 * answer is {@link ProblemHandler}'s, as for any other unsupported media type.
 */
@Component
class ContentTypeFilter extends OncePerRequestFilter {

    private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_JSON);

    private final HandlerExceptionResolver resolver;

    ContentTypeFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getContentType();
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (header != null && hasBody) {
            HttpMediaTypeNotSupportedException refusal = null;
            try {
                MediaType type = MediaType.parseMediaType(header);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    refusal = new HttpMediaTypeNotSupportedException(type, SUPPORTED, method);
                }
            } catch (InvalidMediaTypeException e) {
                refusal = new HttpMediaTypeNotSupportedException("Could not parse Content-Type.");
            }
            if (refusal != null) {
                resolver.resolveException(request, response, null, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
