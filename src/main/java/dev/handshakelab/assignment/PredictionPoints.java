package dev.handshakelab.assignment;

import org.springframework.stereotype.Component;

import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseViews;
import dev.handshakelab.exercise.Prediction;
import dev.handshakelab.exercise.PredictionViews;

/**
 * The predictions' points: each prediction graded against what the server then did earns its
 * points (docs/exercises.md, "Predictions"). A prediction that was missed, or whose send has not
 * happened, earns nothing yet but still counts towards the total.
 */
@Component
class PredictionPoints implements PointsSource {

    @Override
    public String part() {
        return "predictions";
    }

    @Override
    public int maxPoints(Exercise exercise) {
        return exercise.predictions().stream().mapToInt(Prediction::points).sum();
    }

    @Override
    public Part points(Exercise exercise, ExerciseViews.Grade grade) {
        int points = grade.predictions().stream().mapToInt(PredictionViews.PredictionResult::points).sum();
        return new Part(grade.predictions().stream().mapToInt(PredictionViews.PredictionResult::earned).sum(), points);
    }
}
