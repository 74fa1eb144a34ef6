package dev.handshakelab.assignment;

import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseViews;

/**
 * One source of an attempt's points. An attempt's score is the sum of every source's part, each
 * kept under its {@link #part()} name so a score can say where its points came from: the checks
 * ({@link CheckPoints}) and the predictions ({@link PredictionPoints}); anything else graded from
 * the stored history is added by declaring another Spring bean that implements this. Every source works from the
 * server's grade of the stored history, never from what a browser sent.
 */
public interface PointsSource {

    /** The part's name in a score's {@code parts}, e.g. {@code checks}. */
    String part();

    /** The most this source can give for the exercise: an attempt not graded yet is out of this. */
    int maxPoints(Exercise exercise);

    /** What the graded attempt earned from this source, out of how many. */
    Part points(Exercise exercise, ExerciseViews.Grade grade);

    /** Earned out of points. */
    record Part(int earned, int points) {
        public Part {
            if (earned < 0 || earned > points) {
                throw new IllegalArgumentException("earned " + earned + " of " + points);
            }
        }
    }
}
