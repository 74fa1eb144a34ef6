package dev.handshakelab.session;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SessionStepRepository extends JpaRepository<SessionStep, SessionStep.Key> {

    List<SessionStep> findBySessionIdOrderByStepNo(UUID sessionId);
}
