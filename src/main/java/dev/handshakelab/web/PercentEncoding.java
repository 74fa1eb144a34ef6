package dev.handshakelab.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import dev.handshakelab.web.InvalidRequestException.FieldError;

/**
 * Finds the query parameter Tomcat could not decode. Tomcat refuses a query string with a bad
 * escape ({@code %zz}, or bytes that are not UTF-8) without saying which parameter in a form a
 * client can use, so the raw query string is read again here to name it.
 */
final class PercentEncoding {

    static final String RULE = "percent-encoded UTF-8";

    private PercentEncoding() {
    }

    static FieldError badParameter(String rawQuery) {
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decode(rawName);
                if (name == null) {
                    return new FieldError("query", RULE, "has a parameter name that is not " + RULE + ": "
                            + JsonReadErrors.quote(rawName));
                }
                if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                    return new FieldError(name, RULE, "must be " + RULE + " (%XX, two hex digits per byte), not "
                            + JsonReadErrors.quote(pair.substring(eq + 1)));
                }
            }
        }
        return new FieldError("query", RULE, "could not be read: every parameter must be " + RULE + ", and there may be at most 1000");
    }

    /** The decoded text, or null when an escape is not two hex digits or the bytes are not UTF-8. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1)) || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                    return null;
                }
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 3;
            } else {
                bytes.writeBytes(Character.toString(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
