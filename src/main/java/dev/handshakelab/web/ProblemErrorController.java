package dev.handshakelab.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The error page, in place of Spring Boot's whitelabel page and its {timestamp, error, path}
 * JSON: every error the servlet container forwards here (a TRACE refused by Tomcat, an
 * exception thrown by a filter before Spring MVC ran) is answered as a problem document. An
 * exception goes through {@link ProblemHandler}, the same as if a controller had thrown it; a
 * bare status gets the problem for that status.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private final HandlerExceptionResolver resolver;

    ProblemErrorController(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Exception e && resolver.resolveException(request, response, null, e) != null) {
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no status: /error asked for directly, not forwarded by the container
        int status = code == null ? 404 : code instanceof Integer i && i >= 400 ? i : 500;
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        ProblemWriter.write(response, ApiProblems.forStatus(HttpStatusCode.valueOf(status), ProblemReportValve.detail(status)));
    }
}
