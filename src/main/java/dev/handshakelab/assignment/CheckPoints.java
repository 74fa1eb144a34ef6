package dev.handshakelab.assignment;

import org.springframework.stereotype.Component;

import dev.handshakelab.exercise.Check;
import dev.handshakelab.exercise.CheckResult;
import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseViews;

/** The checks' points: each passed check earns its points (docs/exercises.md). */
@Component
class CheckPoints implements PointsSource {

    @Override
    public String part() {
        return "checks";
    }

    @Override
    public int maxPoints(Exercise exercise) {
        // the checks' own points, whatever else Exercise.points() may come to include
        return exercise.checks().stream().mapToInt(Check::points).sum();
    }

    @Override
    public Part points(Exercise exercise, ExerciseViews.Grade grade) {
        int points = grade.checks().stream().mapToInt(CheckResult::points).sum();
        return new Part(grade.checks().stream().mapToInt(CheckResult::earned).sum(), points);
    }
}
