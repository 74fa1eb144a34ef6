package dev.handshakelab.exercise;

import java.util.List;

/**
 * How one check went, explained: on a pass, the history index of the event each step found
 * ({@code events}); on a fail, what is missing and why, with the nearest miss (the event that met
 * most of the failing step's conditions, the latest of equals) and the exercise's hint.
 */
public record CheckResult(String id, String title, boolean passed, int points, int earned, String explanation,
        List<Long> events, Long nearMiss, String hint) {
}
