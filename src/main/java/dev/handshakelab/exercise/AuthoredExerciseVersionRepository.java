package dev.handshakelab.exercise;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AuthoredExerciseVersionRepository extends JpaRepository<AuthoredExerciseVersion, AuthoredExerciseVersion.Key> {

    @Query("select v from AuthoredExerciseVersion v where v.key.exerciseId = ?1 order by v.key.version")
    List<AuthoredExerciseVersion> history(String exerciseId);

    @Query("select v from AuthoredExerciseVersion v where v.key.exerciseId = ?1 and v.key.version = ?2")
    Optional<AuthoredExerciseVersion> one(String exerciseId, int version);
}
