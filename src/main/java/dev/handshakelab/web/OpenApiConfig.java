package dev.handshakelab.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's OpenAPI description, served at /v3/api-docs and rendered by Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI handshakeLabOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Handshake Lab API")
                .version("v1")
                .description("""
                        Lab sessions with simulated TCP endpoints on a virtual clock. Create a session, send \
                        segments as the client (field by field or as raw bytes), start simulated clients, move \
                        the clock, and read what happened: every segment decoded and as bytes, every event, the \
                        endpoints' states. The `linux` profile answers as a Linux 6.x kernel does. Errors are \
                        RFC 9457 problem documents naming the field and the rule.""")
                .license(new License().name("Handshake Lab")));
    }
}
