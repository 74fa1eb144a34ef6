package dev.handshakelab.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.Caller;
import dev.handshakelab.account.Callers;
import dev.handshakelab.account.SignedIn;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.EventLimitExceeded;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SendCause;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.course.Courses;
import dev.handshakelab.history.FloodSeriesStore;
import dev.handshakelab.history.GroupCommit;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.history.SessionEventStore;
import dev.handshakelab.history.StoredEvent;
import dev.handshakelab.limits.Limits;
import dev.handshakelab.session.api.ClockView;
import dev.handshakelab.session.api.ConnectionView;
import dev.handshakelab.session.api.TimelineView;
import dev.handshakelab.session.api.CreateSessionRequest;
import dev.handshakelab.session.api.EventView;
import dev.handshakelab.session.api.KnobOverrides;
import dev.handshakelab.session.api.PageView;
import dev.handshakelab.session.api.RawJson;
import dev.handshakelab.session.api.SegmentView;
import dev.handshakelab.session.api.PathRequest;
import dev.handshakelab.session.api.SendSegmentRequest;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.session.api.StepView;
import dev.handshakelab.web.BudgetExceededException;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lab sessions: creating them, running their steps through the protocol core, and storing
 * what happened.
 *
 * <p>A step runs inside one transaction that holds the session's row lock, so steps on one
 * session are serialised across every app instance and history is never lost, duplicated or
 * reordered. The world a session's steps built is kept in memory between requests; an instance
 * that does not hold it (or holds an older one) rebuilds it by replaying the stored steps. A
 * world is used only under its session's row lock, and only if it is the state of the row's
 * current version (every step stored, by any instance, bumps it). A world whose step is
 * refused, fails or is rolled back is discarded, so a failed step never leaves a trace.
 */
@Service
public class SessionService {

    private final LabSessionRepository sessions;
    private final SessionStepRepository steps;
    private final SessionRows rows;
    private final SessionEventStore events;
    private final FloodSeriesStore floodSeries;
    private final LabTemplates templates;
    private final JsonMapper json;
    private final Clock clock;
    private final Cache<UUID, LabWorld> worlds;
    private final EventBodies bodies;
    private final Limits limits;
    private final GroupCommit groupCommit;
    private final Counter worldsRebuilt;
    private final Callers callers;
    private final SessionAccess access;
    private final Courses courses;
    private final Accounts accounts;
    private final ApplicationEventPublisher publisher;

    public SessionService(LabSessionRepository sessions, SessionStepRepository steps, SessionRows rows, SessionEventStore events,
            FloodSeriesStore floodSeries, LabTemplates templates, JsonMapper json, Limits limits, GroupCommit groupCommit,
            MeterRegistry meters, Callers callers, SessionAccess access, Courses courses, Accounts accounts,
            ApplicationEventPublisher publisher, Clock clock,
            @Value("${handshake-lab.world-cache.max-bytes:-1}") long cacheBytes) {
        this.publisher = publisher;
        this.callers = callers;
        this.access = access;
        this.courses = courses;
        this.accounts = accounts;
        this.limits = limits;
        this.worldsRebuilt = Counter.builder("handshakelab.worlds.rebuilt")
                .description("Worlds rebuilt by replaying a session's stored steps: a cache miss").register(meters);
        this.groupCommit = groupCommit;
        this.sessions = sessions;
        this.steps = steps;
        this.rows = rows;
        this.events = events;
        this.floodSeries = floodSeries;
        this.templates = templates;
        this.json = json;
        this.bodies = new EventBodies(json);
        this.clock = clock;
        // Bounded by size, not count: a lab world holds a few kilobytes, one a flood left behind
        // tens of megabytes. Weighed in KiB each time a step puts the world back.
        long kib = (cacheBytes > 0 ? cacheBytes : Runtime.getRuntime().maxMemory() / 4) / 1024;
        this.worlds = Caffeine.newBuilder()
                .maximumWeight(kib)
                .weigher((UUID id, LabWorld w) -> (int) Math.min(Integer.MAX_VALUE, w.footprintBytes() / 1024 + 1))
                .build();
    }

    // ------------------------------------------------------------------ sessions

    @Transactional
    public SessionView create(CreateSessionRequest r) {
        LabTemplate template = null;
        if (r.template() != null) {
            template = templates.find(r.template()).orElseThrow(() -> new InvalidRequestException("template", "known template",
                    "'" + r.template() + "' is not a template; see GET /api/v1/templates"));
        }
        LabTemplate.Defaults d = template == null
                ? new LabTemplate.Defaults(Profiles.DEFAULT, null, LabTemplates.SERVER, LabTemplates.PORT, LabTemplates.CLIENT, null)
                : template.defaults();
        String profileName = r.profile() != null ? r.profile() : d.profile();
        KnobOverrides overrides = merge(d.overrides(), r.overrides());
        Profiles.resolve(profileName, overrides);
        IpAddress givenServer = address("server.address", r.server() == null ? null : r.server().address());
        IpAddress givenClient = address("client.address", r.client() == null ? null : r.client().address());
        LabAddresses.Pair addresses = LabAddresses.pair(givenServer, givenClient, d.serverAddress(), d.clientAddress());
        String serverAddress = addresses.server().toString();
        int serverPort = r.server() != null && r.server().port() != null ? r.server().port() : d.serverPort();
        String clientAddress = addresses.client().toString();
        if (serverAddress.equals(clientAddress)) {
            throw new InvalidRequestException("client.address", "differs from server.address", "must differ from the server's address");
        }
        PathRequest path = r.path() != null ? r.path() : d.path();
        PathConfigs.validate(path, IpAddress.parse(serverAddress));
        long seed = r.seed() != null ? r.seed() : ThreadLocalRandom.current().nextLong();
        long start = r.startTimeMillis() == null ? 0 : r.startTimeMillis() * 1000;
        Caller owner = callers.currentOrNewGuest();
        UUID course = courseFor(owner, r.courseId());
        LabSession session = new LabSession(UUID.randomUUID(), r.name().strip(), template == null ? null : template.id(), seed,
                profileName, json.writeValueAsString(overrides), serverAddress, serverPort, clientAddress,
                path == null ? null : json.writeValueAsString(path), start, clock.instant());
        ownBy(session, owner, course);
        LabWorld world = build(session);
        session.clockAt(world.now(), world.nextDeadline());
        // Inserted over JDBC like everything a step writes: the setup steps' rows reference it.
        rows.insert(session);
        world.stateOf(session);
        cacheAfterCommit(session.getId(), world);
        groupCommit.awaitWrittenAfterCommit();
        if (template != null) {
            for (StepInput setup : template.setup()) {
                runStep(session, world, setup);
            }
        }
        publishStarted(session);
        return view(session, SessionAccess.Level.OWNER);
    }

    /** Makes the caller (an account, or this browser's guest) the owner of a new session. */
    private static void ownBy(LabSession session, Caller owner, UUID course) {
        if (owner instanceof Caller.Account a) {
            session.ownedBy(a.id(), null, course);
        } else if (owner instanceof Caller.Guest g) {
            session.ownedBy(null, g.id(), null);
        } else {
            // the filter chain lets nobody without an account reach here when guests are off
            throw new IllegalStateException("a session needs an owner");
        }
    }

    /** The course a new session is for: one the owner attends or teaches; guests have none. */
    private UUID courseFor(Caller owner, String courseId) {
        if (courseId == null) {
            return null;
        }
        InvalidRequestException notYours = new InvalidRequestException("courseId", "your course",
                "must be a course you attend or teach");
        if (!(owner instanceof Caller.Account a)) {
            throw notYours;
        }
        UUID id;
        try {
            id = UUID.fromString(courseId);
        } catch (IllegalArgumentException e) {
            throw notYours;
        }
        if (!courses.attends(a.id(), id) && !courses.instructs(a.id(), id)) {
            throw notYours;
        }
        return id;
    }

    /** The caller's own sessions, newest first: nobody lists anyone else's. */
    @Transactional(readOnly = true)
    public PageView<SessionView> list(int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        Caller caller = callers.current();
        var result = caller instanceof Caller.Account a ? sessions.findByOwnerUserId(a.id(), request)
                : caller instanceof Caller.Guest g ? sessions.findByOwnerGuestId(g.id(), request)
                : org.springframework.data.domain.Page.<LabSession>empty(request);
        return new PageView<>(result.getContent().stream().map(s -> view(s, SessionAccess.Level.OWNER)).toList(), page, size,
                result.getTotalElements());
    }

    /** The sessions of a course's students, for one of its instructors (anyone else: 404). */
    @Transactional(readOnly = true)
    public PageView<SessionView> listForCourse(String courseId, int page, int size) {
        UUID course = dev.handshakelab.account.Ids.parse(courseId, "course-not-found");
        courses.instructed(callers.account(), course);
        List<UUID> students = courses.students(course);
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        var result = students.isEmpty() ? org.springframework.data.domain.Page.<LabSession>empty(request)
                : sessions.findByOwnerUserIdIn(students, request);
        return new PageView<>(result.getContent().stream().map(s -> view(s, SessionAccess.Level.READ)).toList(), page, size,
                result.getTotalElements());
    }

    @Transactional(readOnly = true)
    public SessionView get(String id) {
        LabSession s = find(id);
        return view(s, access.of(s, callers.current()));
    }

    /**
     * Starts a fresh session in this one's place, from the same template and settings (a new
     * seed, so new ISNs), for the same owner and course; the old one is kept, pointing to the new.
     * Its owner or an instructor of the owner's course may reset; the instructor never runs a
     * step in the student's session, only starts it over.
     */
    @Transactional
    public SessionView reset(String id) {
        LabSession old = find(id);
        if (old.getReplacedBy() != null) {
            throw new InvalidRequestException("id", "not replaced", "this session was already reset; reset "
                    + old.getReplacedBy() + " instead");
        }
        LabSession fresh = new LabSession(UUID.randomUUID(), old.getName(), old.getTemplate(),
                ThreadLocalRandom.current().nextLong(), old.getProfile(), old.getKnobs(), old.getServerAddress(),
                old.getServerPort(), old.getClientAddress(), old.getPath(), old.getStartMicros(), clock.instant())
                .ownedBy(old.getOwnerUserId(), old.getOwnerGuestId(), old.getCourseId());
        LabWorld world = build(fresh);
        fresh.clockAt(world.now(), world.nextDeadline());
        rows.insert(fresh);
        rows.saveReplacedBy(old.getId(), fresh.getId());
        world.stateOf(fresh);
        cacheAfterCommit(fresh.getId(), world);
        groupCommit.awaitWrittenAfterCommit();
        if (fresh.getTemplate() != null) {
            LabTemplate template = templates.find(fresh.getTemplate()).orElseThrow();
            for (StepInput setup : template.setup()) {
                runStep(fresh, world, setup);
            }
        }
        publisher.publishEvent(new SessionReset(old.getId(), fresh.getId(), clock.instant()));
        publishStarted(fresh);
        return view(fresh, access.of(fresh, callers.current()));
    }

    /**
     * A new session, the caller's own, that replays the source's first {@code uptoStep} stored
     * steps in a fresh world with the same seed and settings: the same events as the source had up
     * to there (steps are deterministic, see verifyReplay). Undo is a fork at the last step but
     * one. Anyone who may read the source may fork it; an unseen source is 404 like an unknown one.
     */
    @Transactional
    public SessionView fork(String id, int uptoStep) {
        LabSession source = find(id);
        if (uptoStep > source.getStepCount()) {
            throw new InvalidRequestException("uptoStep", "max " + source.getStepCount(), "must be at most "
                    + source.getStepCount() + ", the steps this session has");
        }
        String name = source.getName() + " (step " + uptoStep + ")";
        LabSession fork = new LabSession(UUID.randomUUID(), name.length() > 100 ? name.substring(0, 100) : name, source.getTemplate(),
                source.getSeed(), source.getProfile(), source.getKnobs(), source.getServerAddress(), source.getServerPort(),
                source.getClientAddress(), source.getPath(), source.getStartMicros(), clock.instant());
        ownBy(fork, callers.currentOrNewGuest(), null);
        LabWorld world = build(fork);
        fork.clockAt(world.now(), world.nextDeadline());
        rows.insert(fork);
        world.stateOf(fork);
        cacheAfterCommit(fork.getId(), world);
        groupCommit.awaitWrittenAfterCommit();
        // The template's setup steps are stored steps of the source too, so they are replayed like the rest.
        for (SessionStep step : steps.findBySessionIdOrderByStepNo(source.getId())) {
            if (step.getStepNo() > uptoStep) {
                break;
            }
            runStep(fork, world, json.readValue(step.getInput(), StepInput.class));
        }
        return view(fork, SessionAccess.Level.OWNER);
    }

    /** A guest who signs in keeps the browser's guest sessions: they move to the account. */
    @EventListener
    @Transactional
    public void guestSignedIn(SignedIn event) {
        rows.moveGuestSessions(event.formerGuest(), event.account());
        groupCommit.awaitWrittenAfterCommit();
    }

    /** Deletes guest sessions nobody has touched for the guests' time to live (a batch at a time). */
    @Transactional
    public int deleteExpiredGuestSessions(java.time.Duration ttl, int batch) {
        List<UUID> expired = rows.expiredGuestSessions(clock.instant().minus(ttl), batch);
        expired.forEach(id -> {
            sessions.deleteById(id);
            worlds.invalidate(id);
        });
        return expired.size();
    }

    @Transactional
    public SessionView rename(String id, String name) {
        LabSession s = lockedForStep(id);
        s.rename(name.strip(), clock.instant());
        rows.saveName(s);
        groupCommit.awaitWrittenAfterCommit();
        return view(s, SessionAccess.Level.OWNER);
    }

    @Transactional
    public void delete(String id) {
        LabSession s = locked(id);
        sessions.delete(s);
        worlds.invalidate(s.getId());
        groupCommit.awaitWrittenAfterCommit();
    }

    // ------------------------------------------------------------------ steps

    /** Runs one step and stores it with everything it caused. */
    @Transactional
    public StepView step(String id, StepInput input) {
        return stepLocked(lockedForStep(id), input);
    }

    /** The bytes the student typed for a segment step (shown as typed in events), else null. */
    private static byte[] typedBytes(StepInput input) {
        return input instanceof StepInput.Segment seg ? HexFormat.of().parseHex(seg.ipHex()) : null;
    }

    /**
     * Applies a new step. The core refuses an input its world cannot take (a client port already
     * in use); that becomes a problem for the user, the transaction rolls back, and this world,
     * now ahead of the database, is dropped.
     */
    private static LabWorld.Outcome applyOrRefuse(LabWorld world, StepInput input) {
        try {
            return world.apply(input);
        } catch (IllegalArgumentException e) {
            if (input instanceof StepInput.Connect) {
                throw new InvalidRequestException("clientPort", "free client port", "must be free: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Applies a new step, stopped as soon as it makes more events than the step budget allows (a
     * flood is also estimated before it runs; a clock step over thousands of timers cannot be).
     * A step stopped there is refused; the transaction rolls back and the world, now mid-step,
     * is not the one the stored steps build, so it is not cached.
     */
    private LabWorld.Outcome applyWithinBudget(LabSession session, LabWorld world, StepInput input) {
        long budget = limits.stepEventBudget(session.getEventCount());
        if (budget == 0) {
            throw StepBudgets.sessionFull(limits);
        }
        world.limitEvents(budget);
        try {
            return applyOrRefuse(world, input);
        } catch (EventLimitExceeded e) {
            throw StepBudgets.tooManyEvents(input, e.limit(), limits);
        } finally {
            world.limitEvents(Long.MAX_VALUE);
        }
    }

    private StepView runStep(LabSession session, LabWorld world, StepInput input) {
        byte[] typed = typedBytes(input);
        LabWorld.Outcome outcome = applyWithinBudget(session, world, input);
        int stepNo = session.getStepCount() + 1;
        long first = session.getEventCount();
        List<StoredEvent> stored = new ArrayList<>(outcome.events().size());
        List<RawJson> eventViews = new ArrayList<>(outcome.events().size());
        List<RawJson> segments = new ArrayList<>();
        List<RawJson> replies = new ArrayList<>();
        long index = first;
        for (TcpEvent e : outcome.events()) {
            EventView ev = EventViews.view(index, e, typed);
            String shown;
            String kept;
            if (ev.segment() instanceof SegmentView view) {
                // written once: the event, the step's segments and its replies share the JSON
                RawJson segment = new RawJson(json.writeValueAsString(view));
                shown = json.writeValueAsString(ev.withSegmentJson(segment));
                kept = bodies.kept(shown, view, segment);
                if (e instanceof TcpEvent.SegmentSent sent) {
                    segments.add(segment);
                    if (sent.host() == Host.SERVER && sent.cause() != SendCause.STUDENT) {
                        replies.add(segment);
                    }
                }
            } else {
                shown = kept = json.writeValueAsString(ev);
            }
            eventViews.add(new RawJson(shown));
            stored.add(new StoredEvent(index, stepNo, e.atMicros(), e.kind(), e.host().label(),
                    ev.connection(), EventViews.direction(e), kept));
            index++;
        }
        rows.insertStep(new SessionStep(session.getId(), stepNo, input.kind(), json.writeValueAsString(input),
                outcome.startedAtMicros(), outcome.endedAtMicros(), first, stored.size(), clock.instant()));
        events.append(session.getId(), stored);
        if (outcome.floodSeries() != null) {
            floodSeries.save(session.getId(), stepNo, outcome.floodSeries());
        }
        session.stepTaken(stored.size(), world.now(), world.nextDeadline(), clock.instant());
        rows.saveProgress(session);
        world.stateOf(session);
        // a flood leaves thousands of endpoints behind; its answer points to the snapshot instead of listing them
        List<Object> endpoints = input instanceof StepInput.Flood ? List.of() : world.endpointsTouchedBy(outcome.events());
        return new StepView(stepNo, input.kind(), outcome.startedAtMicros(), outcome.endedAtMicros(), segments, replies,
                eventViews, endpoints, clockOf(session));
    }

    // ------------------------------------------------------------------ reading

    @Transactional
    public LabWorld.SnapshotView snapshot(String id) {
        // the world is used under the row lock like a step's, but only read: readers may ask too
        LabSession session = lockedForReading(id);
        LabWorld world = takeWorld(session);
        cacheAfterCommit(session.getId(), world);
        return world.snapshot();
    }

    @Transactional(readOnly = true)
    public PageView<RawJson> history(String id, HistoryFilter filter, int page, int size) {
        LabSession session = find(id);
        SessionEventStore.Page found = events.page(session.getId(), filter, page, size);
        return new PageView<>(found.bodies().stream().map(b -> new RawJson(bodies.shown(b))).toList(), page, size, found.total());
    }

    /**
     * The session's stored events in order, as the history shows them, that pass {@code filter}
     * (its connection, host and direction; not its kind): for exports, which need all of them.
     * Read by index range, a thousand at a time.
     */
    @Transactional(readOnly = true)
    public void forEachEvent(String id, HistoryFilter filter, Consumer<JsonNode> each) {
        forEachEvent(id, filter, Long.MAX_VALUE, each);
    }

    /**
     * The first {@code max} stored events (by index) of the session, passed through {@code filter}
     * as {@link #forEachEvent(String, HistoryFilter, Consumer)} does: the whole history in one
     * request for a page that would otherwise follow it a page at a time.
     */
    @Transactional(readOnly = true)
    public void forEachEvent(String id, HistoryFilter filter, long max, Consumer<JsonNode> each) {
        LabSession session = find(id);
        long end = Math.min(session.getEventCount(), max);
        for (long from = 0; from < end; from += 1000) {
            for (StoredEvent e : events.range(session.getId(), from, Math.min(from + 1000, end))) {
                if ((filter.connection() == null || filter.connection().equals(e.connection()))
                        && (filter.host() == null || filter.host().equals(e.host()))
                        && (filter.direction() == null || filter.direction().equals(e.direction()))) {
                    each.accept(bodies.shownTree(e.body()));
                }
            }
        }
    }

    /**
     * One page of the session's connections, in the order each first appeared, summarised from
     * their stored history; refused if their events are more than one request may read.
     */
    @Transactional(readOnly = true)
    public ConnectionsPage connections(String id, int page, int size) {
        LabSession session = find(id);
        long total = events.connectionCount(session.getId());
        long offset = (long) page * size;
        List<String> ids = offset >= total ? List.of() : events.connections(session.getId(), offset, size);
        List<StoredEvent> stored = connectionEvents(session, ids, "size");
        return new ConnectionsPage(ConnectionTimelines.summaries(stored, bodies::shownTree), total);
    }

    /** A page of connections and how many the session has in all. */
    public record ConnectionsPage(List<ConnectionView> items, long total) {}

    /** One connection's timeline, from its stored history; 404 if the session has no such connection. */
    @Transactional(readOnly = true)
    public TimelineView timeline(String id, String connection) {
        LabSession session = find(id);
        List<StoredEvent> stored = connectionEvents(session, List.of(connection), "connectionId");
        if (stored.isEmpty()) {
            throw new ResourceNotFoundException("connection-not-found", "Session " + id + " has no connection '" + connection
                    + "'; see GET /api/v1/sessions/" + id + "/connections");
        }
        return ConnectionTimelines.timeline(connection, stored, bodies::shownTree);
    }

    /** The timeline events of these connections, or a problem naming {@code field} if they are over the read budget. */
    private List<StoredEvent> connectionEvents(LabSession session, List<String> connections, String field) {
        int max = limits.maxConnectionEvents();
        List<StoredEvent> stored = events.connectionEvents(session.getId(), connections, ConnectionTimelines.KINDS, max);
        if (stored.size() > max) {
            throw new BudgetExceededException(field, "timeline events <= " + max, max, "asks for connections with more than " + max
                    + " timeline events, the most one request reads (handshake-lab.limits.max-connection-events)"
                    + ("size".equals(field) ? "; ask for fewer connections per page" : ""));
        }
        return stored;
    }

    /**
     * Replays the session's stored steps in a fresh world and reports whether every event it
     * produces equals the stored one: the proof that stored history and the core agree.
     */
    @Transactional(readOnly = true)
    public ReplayCheck verifyReplay(String id) {
        LabSession session = find(id);
        if (session.getEventCount() > limits.maxReplayEvents()) {
            throw new BudgetExceededException("id", "stored events <= " + limits.maxReplayEvents(), limits.maxReplayEvents(),
                    "names a session with " + session.getEventCount() + " stored events; a replay check compares at most "
                            + limits.maxReplayEvents() + " (handshake-lab.limits.max-replay-events)");
        }
        LabWorld world = build(session);
        long index = 0;
        int mismatches = 0;
        for (SessionStep step : steps.findBySessionIdOrderByStepNo(session.getId())) {
            StepInput input = json.readValue(step.getInput(), StepInput.class);
            byte[] typed = typedBytes(input);
            List<StoredEvent> stored = events.range(session.getId(), step.getFirstEvent(), step.getFirstEvent() + step.getEventCount());
            // A stored step was accepted when it first ran, so the core takes it again.
            LabWorld.Outcome outcome = world.apply(input);
            List<TcpEvent> replayed = outcome.events();
            if (replayed.size() != stored.size()) {
                mismatches++;
            }
            if (outcome.floodSeries() != null
                    && !floodSeries.find(session.getId(), step.getStepNo()).equals(java.util.Optional.of(outcome.floodSeries()))) {
                mismatches++;
            }
            for (int i = 0; i < Math.min(replayed.size(), stored.size()); i++) {
                String again = json.writeValueAsString(EventViews.view(index + i, replayed.get(i), typed));
                if (!again.equals(bodies.shown(stored.get(i).body()))) {
                    mismatches++;
                }
            }
            index += stored.size();
        }
        return new ReplayCheck(session.getStepCount(), index, mismatches);
    }

    /**
     * Takes the session's row lock, as a step does, and holds it until the caller's transaction
     * ends: for its owner only (anyone else: 404). No step can run on the session meanwhile, so
     * what the caller reads of its history stays the whole of it until the caller commits (an
     * exercise's prediction is stored only if the send it predicts has not happened yet).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public StepsHeld holdSteps(String id) {
        LabSession s = lockedForStep(id);
        return new StepsHeld(s.getId(), s.getStepCount(), s.getEventCount());
    }

    /** How far a session held by {@link #holdSteps} has got: its stored steps and events. */
    public record StepsHeld(UUID id, int steps, long events) {}

    /** The outcome of {@link #verifyReplay}: how much was replayed and how many events differed. */
    public record ReplayCheck(int steps, long events, int mismatches) {}

    // ------------------------------------------------------------------ worlds

    /**
     * The session's world for this transaction, which holds the session's row lock: the cached
     * one if it is the state of the row as read now, else one rebuilt by replay. A cached world
     * stays in the cache while the step runs, so the next step on this session, which can only
     * start once this transaction has released the lock, finds it at once.
     */
    private LabWorld takeWorld(LabSession session) {
        LabWorld cached = worlds.getIfPresent(session.getId());
        if (cached != null && cached.isStateOf(session)) {
            return cached;
        }
        worldsRebuilt.increment();
        LabWorld world = build(session);
        for (SessionStep step : steps.findBySessionIdOrderByStepNo(session.getId())) {
            world.replay(json.readValue(step.getInput(), StepInput.class));
        }
        world.stateOf(session);
        // Cached now, under the lock, not after the commit: the next step on this session takes the
        // lock the moment this transaction commits, and a world put only after that (after the
        // group commit's wait, too) would not be there for it; it would replay the whole session,
        // and so would every step queued behind it. A rollback discards this world (cacheAfterCommit).
        worlds.put(session.getId(), world);
        return world;
    }

    /**
     * Keeps the world once the transaction has committed. Registered before the world is used,
     * so that whatever ends the transaction otherwise (a refusal, a failure, a rollback at
     * commit) discards the world and drops it from the cache: it may have run a step the
     * database does not hold.
     */
    private void cacheAfterCommit(UUID id, LabWorld world) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    // Another step may have run between this commit releasing the row lock and
                    // this callback: it may have put a newer world, or been refused on this one
                    // and discarded it. Put back only a usable world over nothing or a discarded one.
                    worlds.asMap().compute(id, (key, current) ->
                            world.isUsable() && (current == null || current == world || !current.isUsable()) ? world : current);
                } else {
                    world.discard();
                    worlds.asMap().remove(id, world);
                }
            }
        });
    }

    /**
     * A fresh server host with this session's secrets: ISNs, TS offsets and SYN-cookie keys
     * derive from the seed alone, so reading them needs no replay of the world.
     */
    @Transactional(readOnly = true)
    public TcpHost serverSecrets(String id) {
        LabSession s = find(id);
        return new TcpHost(Host.SERVER, IpAddress.parse(s.getServerAddress()), profileOf(s), s.getSeed());
    }

    /** One stored event by its history index, as the history shows it; empty if there is none. */
    @Transactional(readOnly = true)
    public java.util.Optional<tools.jackson.databind.JsonNode> storedEvent(String id, long index) {
        LabSession s = find(id);
        return events.range(s.getId(), index, index + 1).stream().findFirst().map(e -> bodies.shownTree(e.body()));
    }

    /** A fresh world for the session: its profile, and its path with new middleboxes seeded from the session seed. */
    private LabWorld build(LabSession s) {
        return LabWorld.build(s, profileOf(s), PathConfigs.build(pathOf(s), s.getSeed(), IpAddress.parse(s.getServerAddress())));
    }

    private PathRequest pathOf(LabSession s) {
        return s.getPath() == null ? null : json.readValue(s.getPath(), PathRequest.class);
    }

    private StackProfile profileOf(LabSession s) {
        return Profiles.resolve(s.getProfile(), json.readValue(s.getKnobs(), KnobOverrides.class));
    }

    /** Sends a crafted segment: turned into wire bytes with the session's defaults, then run as a step. */
    @Transactional
    public StepView send(String id, SendSegmentRequest request) {
        LabSession session = lockedForStep(id);
        byte[] wire = SegmentRequests.toWire(request, defaults(session));
        return stepLocked(session, new StepInput.Segment(HexFormat.of().formatHex(wire)));
    }

    /** Runs a step on a session whose row this transaction has locked. */
    private StepView stepLocked(LabSession session, StepInput input) {
        LabWorld world = takeWorld(session);
        cacheAfterCommit(session.getId(), world);
        groupCommit.awaitWrittenAfterCommit();
        StepView step = runStep(session, world, input);
        List<String> states = new ArrayList<>();
        for (Object e : step.endpoints()) {
            if (e instanceof LabWorld.EndpointView v) {
                states.add(v.host() + " " + v.state());
            }
        }
        publisher.publishEvent(new SessionActivity(session.getId(), session.getOwnerUserId(), session.getCourseId(),
                SessionActivity.Kind.STEP, session.getStepCount(), step, states, clock.instant()));
        return step;
    }

    /** Announces a session started (created, or started over), once its template's setup steps ran. */
    private void publishStarted(LabSession s) {
        publisher.publishEvent(new SessionActivity(s.getId(), s.getOwnerUserId(), s.getCourseId(), SessionActivity.Kind.STARTED,
                s.getStepCount(), null, List.of(), clock.instant()));
    }

    private static SegmentRequests.SessionDefaults defaults(LabSession s) {
        return new SegmentRequests.SessionDefaults(
                new HostPort(IpAddress.parse(s.getClientAddress()), SegmentRequests.DEFAULT_CLIENT_PORT),
                new HostPort(IpAddress.parse(s.getServerAddress()), s.getServerPort()));
    }

    /** The session, if the caller may read it (its owner, or an instructor of its owner): else 404. */
    private LabSession find(String id) {
        return allowed(sessions.findById(parse(id)), id, SessionAccess.Level.READ);
    }

    /** The session as a managed entity, its row locked: for deleting; its owner only, else 404. */
    private LabSession locked(String id) {
        return allowed(sessions.findForUpdate(parse(id)), id, SessionAccess.Level.OWNER);
    }

    /** The session as a plain object, its row locked: for running steps and renaming; its owner only. */
    private LabSession lockedForStep(String id) {
        return allowed(rows.lockForStep(parse(id)), id, SessionAccess.Level.OWNER);
    }

    /** The session as a plain object, its row locked, for reading its world: whoever may read it. */
    private LabSession lockedForReading(String id) {
        return allowed(rows.lockForStep(parse(id)), id, SessionAccess.Level.READ);
    }

    /**
     * The session, if the caller may do at least {@code needed} with it; otherwise 404, exactly as
     * for an unknown id. Only the owner writes: an instructor who may read a session is refused a
     * write as if it did not exist, so a write never reveals more than a read would.
     */
    private LabSession allowed(java.util.Optional<LabSession> row, String id, SessionAccess.Level needed) {
        return row.filter(s -> access.of(s, callers.current()).compareTo(needed) >= 0).orElseThrow(() -> notFound(id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("session-not-found", "There is no session with id '" + id + "'.");
    }

    /** The address a create request gives for {@code field}, as IPv4 or IPv6; null if it gives none. */
    private static IpAddress address(String field, String given) {
        if (given == null) {
            return null;
        }
        try {
            return IpAddress.parse(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "ip-address", "must be an IPv4 or IPv6 address: " + e.getMessage());
        }
    }

    private static KnobOverrides merge(KnobOverrides base, KnobOverrides top) {
        if (base == null) {
            return top == null ? KnobOverrides.NONE : top;
        }
        if (top == null) {
            return base;
        }
        return new KnobOverrides(
                pick(top.mtu(), base.mtu()), pick(top.tcpRmem(), base.tcpRmem()), pick(top.timestamps(), base.timestamps()),
                pick(top.sack(), base.sack()), pick(top.windowScaling(), base.windowScaling()),
                pick(top.syncookies(), base.syncookies()), pick(top.synackRetries(), base.synackRetries()),
                pick(top.synRetries(), base.synRetries()), pick(top.backlog(), base.backlog()),
                pick(top.somaxconn(), base.somaxconn()), pick(top.abortOnOverflow(), base.abortOnOverflow()),
                pick(top.initialRtoMillis(), base.initialRtoMillis()), pick(top.acceptRate(), base.acceptRate()),
                pick(top.rmemMax(), base.rmemMax()), pick(top.maxSynBacklog(), base.maxSynBacklog()),
                pick(top.minSndMss(), base.minSndMss()), pick(top.invalidRatelimitMillis(), base.invalidRatelimitMillis()),
                pick(top.synLinearTimeouts(), base.synLinearTimeouts()), pick(top.ecn(), base.ecn()),
                pick(top.tcpMaxseg(), base.tcpMaxseg()), pick(top.deferAcceptSeconds(), base.deferAcceptSeconds()),
                pick(top.tcpFastopen(), base.tcpFastopen()), pick(top.fastOpenQlen(), base.fastOpenQlen()));
    }

    private static <T> T pick(T top, T base) {
        return top != null ? top : base;
    }

    SessionView view(LabSession s, SessionAccess.Level level) {
        StackProfile profile = profileOf(s);
        return new SessionView(s.getId(), s.getName(), s.getTemplate(), s.getSeed(), s.getProfile(), profile.knobs(),
                new SessionView.Address(s.getServerAddress(), s.getServerPort()), new SessionView.Address(s.getClientAddress(), null),
                pathOf(s),
                s.getCreatedAt(), s.getUpdatedAt(), s.getStepCount(), clockOf(s), ownerOf(s),
                level == SessionAccess.Level.OWNER ? "owner" : "read", s.getCourseId(), s.getReplacedBy());
    }

    private SessionView.Owner ownerOf(LabSession s) {
        if (s.getOwnerUserId() == null) {
            return new SessionView.Owner(null, null, "Guest", true);
        }
        return accounts.find(s.getOwnerUserId())
                .map(p -> new SessionView.Owner(p.id(), p.username(), p.displayName(), false))
                .orElse(new SessionView.Owner(s.getOwnerUserId(), null, null, false));
    }

    private static ClockView clockOf(LabSession s) {
        return new ClockView(s.getNowMicros(), s.getNextDeadlineMicros());
    }
}
