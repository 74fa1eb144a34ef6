package dev.handshakelab.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.handshakelab.web.InvalidRequestException.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a request body that Jackson could not read, in the API's words: the
 * JSON path of the field, the rule (the JSON type it must have), and what was given. Jackson's
 * own messages name Java classes ({@code java.lang.Integer}, our request records) and its
 * parser's settings, which mean nothing to a client, so none of them is passed on as it is.
 */
final class JsonReadErrors {

    /** Java and library package names: never part of an answer. */
    static final Pattern JAVA_NAME = Pattern.compile("\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|dev\\.handshakelab|org\\.springframework|org\\.apache)\\.");

    private static final int MAX_QUOTED = 40;

    private JsonReadErrors() {
    }

    static FieldError of(Throwable cause) {
        if (cause instanceof InputCoercionException e) {
            return new FieldError(path(e.processor()), kind(e.getTargetType()),
                    "is out of range for " + article(kind(e.getTargetType())) + given(e.processor())
                            + "; see the field's minimum and maximum in the API description");
        }
        if (cause instanceof StreamConstraintsException) {
            return new FieldError("$", "json", "is nested too deeply, or holds a number or a string too long to read");
        }
        if (cause instanceof UnexpectedEndOfInputException e) {
            return new FieldError("$", "json", "ends before the JSON is complete" + location(e));
        }
        if (cause instanceof StreamReadException e) {
            return new FieldError("$", "json", "is not valid JSON" + location(e) + reason(e.getOriginalMessage()));
        }
        if (cause instanceof InvalidTypeIdException e) {
            String property = typeProperty(e);
            return new FieldError(path(e) + "." + property, "known-" + property,
                    e.getTypeId() == null ? "is required" : "'" + clip(e.getTypeId()) + "' is not a known " + property);
        }
        if (cause instanceof UnrecognizedPropertyException e) {
            return new FieldError(path(e), "known-property", "is not a property of this request (known: " + e.getKnownPropertyIds() + ")");
        }
        if (cause instanceof InvalidNullException e) {
            return new FieldError(path(e), "required", "must not be null");
        }
        if (cause instanceof InvalidFormatException e) {
            String kind = kind(e.getTargetType());
            return new FieldError(path(e), kind, "must be " + article(kind) + ", not " + quote(e.getValue()));
        }
        if (cause instanceof MismatchedInputException e) {
            String kind = kind(e.getTargetType());
            String was = token(e.getCurrentToken());
            return new FieldError(path(e), kind, "must be " + article(kind) + (was == null ? "" : ", not " + was));
        }
        if (cause instanceof DatabindException e) {
            return new FieldError(path(e), "value", "has a value this field cannot take");
        }
        return new FieldError("$", "json", "could not be read as JSON");
    }

    /** The JSON type a Java type is read from, as the rule: integer, number, boolean, string, array or object. */
    static String kind(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == Byte.class || type == byte.class || type == BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class || type == BigDecimal.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class || type.isEnum()) {
            return "string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "object" : "value";
    }

    static String article(String kind) {
        return switch (kind) {
            case "integer", "array", "object" -> "an " + kind;
            case "boolean" -> "true or false";
            case "value" -> "a value of another type";
            default -> "a " + kind;
        };
    }

    /** A value given in a request, quoted and cut short so an answer never echoes a whole body. */
    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence s ? "'" + clip(s.toString()) + "'" : clip(value.toString());
    }

    private static String clip(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }

    private static String token(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            default -> null;
        };
    }

    private static String given(Object processor) {
        if (processor instanceof JsonParser p) {
            try {
                return ": " + clip(p.getString());
            } catch (RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    /** The syntax error in Jackson's words, kept when it is plain words (it says which character it did not expect). */
    private static String reason(String message) {
        if (message == null) {
            return "";
        }
        String text = message.replaceAll("\\s*\\(start marker at.*$", "").replaceAll("\\s*\\[Source:.*$", "").strip();
        if (text.isEmpty() || text.contains("`") || JAVA_NAME.matcher(text).find()) {
            return "";
        }
        return ": " + clip(text.length() > 200 ? text.substring(0, 200) : text);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** JSON path in the form {@code options[2].shift}. */
    static String path(DatabindException e) {
        Deque<Object> refs = new ArrayDeque<>();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                refs.addLast(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                refs.addLast(ref.getIndex());
            }
        }
        return render(refs);
    }

    /** The path where the parser stood, for errors found while reading a token, before any field was bound. */
    private static String path(Object processor) {
        Deque<Object> refs = new ArrayDeque<>();
        if (processor instanceof JsonParser parser) {
            for (TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    refs.addFirst(Math.max(0, c.getCurrentIndex()));
                } else if (c.currentName() != null) {
                    refs.addFirst(c.currentName());
                }
            }
        }
        return render(refs);
    }

    private static String render(Deque<Object> refs) {
        StringBuilder sb = new StringBuilder();
        for (Object ref : refs) {
            if (ref instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(ref);
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    /** The name of the property that selects the subtype ({@code kind} for options, {@code type} for middleboxes). */
    private static String typeProperty(InvalidTypeIdException e) {
        JsonTypeInfo info = e.getBaseType() == null ? null : e.getBaseType().getRawClass().getAnnotation(JsonTypeInfo.class);
        return info == null || info.property().isEmpty() ? "kind" : info.property();
    }
}
