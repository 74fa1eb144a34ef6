package dev.handshakelab.exercise;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface AuthoredExerciseRepository extends JpaRepository<AuthoredExercise, String> {

    List<AuthoredExercise> findByAuthorIdOrderByIdAsc(UUID authorId);

    List<AuthoredExercise> findAllByOrderByIdAsc();
}
