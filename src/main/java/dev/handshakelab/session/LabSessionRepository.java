package dev.handshakelab.session;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface LabSessionRepository extends JpaRepository<LabSession, UUID> {

    /**
     * The session row locked for the rest of the transaction ({@code SELECT ... FOR UPDATE}):
     * steps on one session are serialised through the database, so they hold across app
     * instances too.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from LabSession s where s.id = :id")
    Optional<LabSession> findForUpdate(@Param("id") UUID id);

    Page<LabSession> findByOwnerUserId(UUID owner, Pageable page);

    Page<LabSession> findByOwnerGuestId(UUID owner, Pageable page);

    Page<LabSession> findByOwnerUserIdIn(Collection<UUID> owners, Pageable page);
}
