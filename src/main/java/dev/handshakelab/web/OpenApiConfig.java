package dev.handshakelab.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.type.TypeFactory;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.json.JsonMapper;

/**
 * The API's OpenAPI description, served at /v3/api-docs and rendered by Swagger UI. Besides what
 * springdoc reads from the controllers it states what they do not: the problem documents every
 * operation can answer (see {@link ApiProblems}), a server that does not depend on the Host
 * header of whoever asked, and examples taken from real answers of the app
 * ({@code openapi/examples/} on the classpath).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    static final String TOKEN = "apiToken";
    static final String BROWSER = "browserSession";

    /** Where the examples live: {@code <operationId>.request.json} and {@code <operationId>.<status>.json}. */
    static final String EXAMPLES = "openapi/examples/";

    private static final JsonMapper EXAMPLE_READER = JsonMapper.builder().build();

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
                        RFC 9457 problem documents naming the field and the rule."""))
                // Relative: the document is right wherever the app is served from. springdoc would
                // otherwise copy the Host header of the request that asked for the document.
                .servers(List.of(new Server().url("/").description("The server that serves this document")))
                // A script sends its API token; a browser its session cookie (with the CSRF header on
                // writes); a guest, where the deployment allows guests, neither (the empty requirement).
                .security(List.of(new SecurityRequirement().addList(TOKEN), new SecurityRequirement().addList(BROWSER),
                        new SecurityRequirement()))
                .components(new Components()
                        .addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A personal API token (create one on your account page, or POST /api/v1/account/tokens);"
                                        + " sent as 'Authorization: Bearer <token>'."))
                        .addSecuritySchemes(BROWSER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("HL_SESSION")
                                .description("The browser's session after signing in (a form post of username and password to"
                                        + " /api/v1/auth/login). Requests that change something also send the XSRF-TOKEN cookie's"
                                        + " value as the X-XSRF-TOKEN header."))
                        .addSchemas("Problem", problemSchema())
                        .addSchemas("FieldError", fieldErrorSchema())
                        .responses(problemResponses()));
    }

    /**
     * Adds to each operation the problems it can answer, as references to the shared responses:
     * 400 when it takes a body or query parameters, 404 when its path names a session, 413 and
     * 415 when it takes a body, 406 always. A response the operation declares itself (say a 429
     * with Retry-After) is kept as it is.
     */
    @Bean
    OperationCustomizer problemResponsesPerOperation() {
        return (operation, handler) -> {
            boolean body = false;
            boolean query = false;
            boolean path = false;
            for (MethodParameter p : handler.getMethodParameters()) {
                body |= p.hasParameterAnnotation(RequestBody.class);
                query |= p.hasParameterAnnotation(RequestParam.class);
                path |= p.hasParameterAnnotation(PathVariable.class);
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            // a refusal the operation declares itself (a budget's 422, a 429 or 503 with Retry-After) is
            // answered as a problem document too, whatever the operation's success is answered as
            responses.forEach((code, r) -> {
                if (r.get$ref() == null && (code.startsWith("4") || code.startsWith("5"))) {
                    r.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("Problem"))));
                }
            });
            if (body || query) {
                addIfAbsent(responses, "400", "BadRequest");
            }
            if (path) {
                addIfAbsent(responses, "404", "NotFound");
            }
            addIfAbsent(responses, "401", "Unauthorized");
            if (!handler.hasMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class)) {
                addIfAbsent(responses, "403", "CsrfRefused");
            }
            addIfAbsent(responses, "406", "NotAcceptable");
            if (body) {
                addIfAbsent(responses, "413", "ContentTooLarge");
                addIfAbsent(responses, "415", "UnsupportedMediaType");
            }
            operation.setResponses(responses);
            return operation;
        };
    }

    /**
     * Says which fields may be null. Jackson writes a null field as null (only the records marked
     * NON_NULL leave it out), so a field of any type but a primitive may come as null; OpenAPI 3.1
     * says so with the type "null". A field whose schema is a component of its own (a $ref) cannot
     * carry a type beside it: it is noted here and made "that component or null" at the end, by
     * {@link #nullableReferences}.
     */
    @Bean
    PropertyCustomizer nullableFields(NullableReferences references) {
        return (property, type) -> {
            if (TypeFactory.createDefaultInstance().constructType(type.getType()).isPrimitive()
                    || Boolean.TRUE.equals(NullsLeftOut.OWNER.get().peek())) {
                return property;
            }
            if (property.get$ref() != null || property.getName() != null && property.getProperties() != null) {
                if (type.getParent() != null && type.getParent().getName() != null) {
                    references.add(type.getParent().getName() + "." + type.getPropertyName());
                }
            } else {
                Set<String> types = new LinkedHashSet<>(property.getTypes() == null ? Set.of() : property.getTypes());
                if (property.getType() != null) {
                    types.add(property.getType());
                }
                if (!types.isEmpty()) {
                    types.add("null");
                    property.setTypes(types);
                }
            }
            return property;
        };
    }

    @Bean
    NullsLeftOut nullsLeftOut() {
        return new NullsLeftOut();
    }

    /**
     * Tells {@link #nullableFields} whose properties it is looking at: a class marked
     * {@code @JsonInclude(NON_NULL)} leaves a null field out, so its fields are never null. On
     * the way it maps the discriminators of our polymorphic types (see {@link #mapDiscriminator}).
     */
    static final class NullsLeftOut implements ModelConverter {

        static final ThreadLocal<Deque<Boolean>> OWNER = ThreadLocal.withInitial(ArrayDeque::new);

        @Override
        public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            if (!chain.hasNext()) {
                return null;
            }
            // Only our own classes have properties to look at; a String or a List is resolved as the
            // property of the class on top of the stack, which must stay there.
            Class<?> raw = TypeFactory.createDefaultInstance().constructType(type.getType()).getRawClass();
            if (!raw.getName().startsWith("dev.handshakelab.")) {
                return chain.next().resolve(type, context, chain);
            }
            JsonInclude include = raw.getAnnotation(JsonInclude.class);
            OWNER.get().push(include != null && include.value() == JsonInclude.Include.NON_NULL);
            try {
                Schema<?> schema = chain.next().resolve(type, context, chain);
                mapDiscriminator(raw, schema, context);
                return schema;
            } finally {
                OWNER.get().pop();
            }
        }

        /**
         * A polymorphic type's discriminator maps each value Jackson reads (its
         * {@code @JsonSubTypes} names, such as {@code mss}) to the subtype's schema. Without the
         * mapping, OpenAPI says the value is the schema's name ({@code Mss}), which the API refuses.
         */
        private static void mapDiscriminator(Class<?> raw, Schema<?> schema, ModelConverterContext context) {
            JsonSubTypes subtypes = raw.getAnnotation(JsonSubTypes.class);
            if (subtypes == null || schema == null) {
                return;
            }
            Schema<?> model = schema.get$ref() == null ? schema : context.getDefinedModels().get(raw.getSimpleName());
            if (model == null || model.getDiscriminator() == null) {
                return;
            }
            for (JsonSubTypes.Type subtype : subtypes.value()) {
                model.getDiscriminator().mapping(subtype.name(), "#/components/schemas/" + subtype.value().getSimpleName());
            }
        }
    }

    /** The fields whose schema is a $ref and whose value may be null, as Schema.property. */
    static final class NullableReferences extends java.util.concurrent.ConcurrentSkipListSet<String> {
        private static final long serialVersionUID = 1L;
    }

    @Bean
    NullableReferences nullableReferenceFields() {
        return new NullableReferences();
    }

    @Bean
    OpenApiCustomizer nullableReferences(NullableReferences references) {
        return openApi -> references.forEach(field -> {
            int dot = field.indexOf('.');
            Schema<?> owner = openApi.getComponents().getSchemas().get(field.substring(0, dot));
            Schema<?> property = owner == null || owner.getProperties() == null ? null : owner.getProperties().get(field.substring(dot + 1));
            if (property != null && property.get$ref() != null) {
                Schema<Object> nullable = new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))));
                nullable.setDescription(property.getDescription());
                owner.getProperties().put(field.substring(dot + 1), nullable);
            }
        });
    }

    /** Sets each operation's request and success examples from {@code openapi/examples/}, where there is one. */
    @Bean
    OpenApiCustomizer examplesFromRealAnswers() {
        return openApi -> openApi.getPaths().values().forEach(item -> item.readOperations().forEach(OpenApiConfig::addExamples));
    }

    private static void addExamples(Operation operation) {
        String id = operation.getOperationId();
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            Object example = example(id + ".request.json");
            if (example != null) {
                operation.getRequestBody().getContent().values().forEach(m -> m.setExample(example));
            }
        }
        operation.getResponses().forEach((status, response) -> {
            Object example = response.get$ref() == null && response.getContent() != null ? example(id + "." + status + ".json") : null;
            if (example != null) {
                response.getContent().values().forEach(m -> m.setExample(example));
            }
        });
    }

    /** The example in this file under {@link #EXAMPLES}, as plain maps and lists, or null when there is none. */
    static Object example(String file) {
        ClassPathResource resource = new ClassPathResource(EXAMPLES + file);
        if (!resource.exists()) {
            return null;
        }
        try (InputStream in = resource.getInputStream()) {
            return EXAMPLE_READER.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addIfAbsent(ApiResponses responses, String status, String name) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref(name));
        }
    }

    private static Map<String, ApiResponse> problemResponses() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put("BadRequest", problem("The request is invalid: `errors` names each field (or parameter) and the rule it broke.",
                "400.json"));
        responses.put("Unauthorized", problem("The credentials sent do not hold (an unknown, revoked or expired token), or the"
                + " operation needs an account and none was sent.", "401.json"));
        responses.put("CsrfRefused", problem("A request with the browser's session or guest cookie that changes something, without"
                + " the X-XSRF-TOKEN header matching the XSRF-TOKEN cookie.", "403.json"));
        responses.put("NotFound", problem("What the path names does not exist, or is not the caller's to see (the same answer,"
                + " so an id reveals nothing).", "404.json"));
        responses.put("NotAcceptable", problem("The request's Accept header does not accept application/json.", "406.json"));
        responses.put("ContentTooLarge", problem("The request body is larger than the server accepts.", "413.json"));
        responses.put("UnsupportedMediaType", problem("The request body is not sent as application/json.", "415.json"));
        return responses;
    }

    private static ApiResponse problem(String description, String exampleFile) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("Problem")).example(example("problems/" + exampleFile));
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem document, the body of every error.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("What went wrong, as a stable URI under " + ApiProblems.BASE))
                .addProperty("title", new StringSchema().description("A short summary of the type"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request, in a sentence"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request's path"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("FieldError"))
                        .description("For invalid input: each offending field or parameter and the rule it broke"))
                .addProperty("record", new IntegerSchema().description("For a damaged capture file: the pcap record or pcapng "
                        + "block that breaks the format, 1-based; 0 for the file header"))
                .addProperty("offset", new IntegerSchema().format("int64").description("For a damaged capture file: the byte "
                        + "offset in the file of the field that breaks the format"))
                .required(List.of("type", "title", "status", "detail"));
    }

    private static Schema<?> fieldErrorSchema() {
        return new ObjectSchema()
                .description("One field (or parameter, or header) of a request and the rule it broke.")
                .addProperty("field", new StringSchema().description("Where: a JSON path such as `options[2].shift`, a parameter "
                        + "name, a header such as `Content-Type`, or `$` for the body as a whole"))
                .addProperty("rule", new StringSchema().description("The rule in short form, such as `max 65535` or `required`"))
                .addProperty("message", new StringSchema().description("What is wrong, in a sentence fragment after the field"))
                .required(List.of("field", "rule", "message"));
    }
}
