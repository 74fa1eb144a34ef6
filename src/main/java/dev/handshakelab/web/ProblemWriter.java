package dev.handshakelab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem document straight to a servlet response, for the places that answer before
 * or outside Spring MVC's message converters: Tomcat's error report valve, the error page and
 * request filters. The fields are the ones Spring MVC writes, so a client cannot tell which
 * layer refused it.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body = JSON.writeValueAsBytes(fields(problem));
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            // whoever failed had already asked for the writer; a response gives only one of the two
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
        response.flushBuffer();
    }

    static Map<String, Object> fields(ProblemDetail problem) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", String.valueOf(problem.getType()));
        fields.put("title", problem.getTitle());
        fields.put("status", problem.getStatus());
        fields.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            fields.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            fields.putAll(problem.getProperties());
        }
        return fields;
    }
}
