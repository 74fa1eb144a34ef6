import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, captureUrl, historyUrl, isUnreachable, packetdrillUrl, type Template, type Clock, type Connection, type Endpoint, type FloodSeries, type LabEvent, type Problem, type Session, type SessionNote, type Step } from '../api';
import { hostPort } from '../lib/composer';
import { cookieSynAcks, isServerSynAck } from '../lib/cookie';
import { endpointsAfter } from '../lib/endpoints';
import { logEntries } from '../lib/eventLog';
import { parseFilter } from '../lib/displayFilter';
import { formatMicros, ladderRows, type LadderRow } from '../lib/ladder';
import { problemOf } from '../lib/problems';
import Alerts from './Alerts';
import Composer from './Composer';
import EventLog from './EventLog';
import ExercisePanel from './ExercisePanel';
import { ClockPanel, ConnectPanel } from './Controls';
import CookiePanel from './CookiePanel';
import FloodForm from './FloodForm';
import HistoryFilter from './HistoryFilter';
import { PathSummary } from './PathEditor';
import Inspector from './Inspector';
import Ladder from './Ladder';
import StatesPanel from './StatesPanel';
import Timeline from './Timeline';

// The charting library is only loaded for sessions that have flood data, beside their series.
const loadFloodChart = () => import('./FloodChart');
const FloodChart = lazy(loadFloodChart);

/** Runs one step; on failure returns the problem so the caller can place it next to a field. */
export type RunStep = (action: () => Promise<Step>) => Promise<Problem | null>;

/** Templates whose recipe is a flood: their page fetches the charting code early. */
const isFloodTemplate = (template: string | null) => !!template && (template.includes('flood') || template === 'accept-queue-overflow');

/** Whether a flood ran in this session: only then does the server hold flood series (others answer 404). */
const floodRan = (events: readonly LabEvent[]) => events.some((e) => e.kind === 'flood-started');

function mergeEvents(have: LabEvent[], more: LabEvent[]): LabEvent[] {
  const seen = new Set(have.map((e) => e.index));
  return [...have, ...more.filter((e) => !seen.has(e.index))].sort((a, b) => a.index - b.index);
}

export default function SessionPage({ id }: { id: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [events, setEvents] = useState<LabEvent[]>([]);
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  // A flood's endpoints are counted per state by the server; the snapshot lists only the first 500.
  const [stateCounts, setStateCounts] = useState<{ states: Record<string, number>; total: number } | null>(null);
  const [clock, setClock] = useState<Clock | null>(null);
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [flood, setFlood] = useState<FloodSeries | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // null until known: an exercise attempt shows its exercise's instructions instead of the template's
  const [attempt, setAttempt] = useState<boolean | null>(null);

  const refreshSide = useCallback(async (withFlood: boolean) => {
    // Connections and flood series are extras: a failure there must not hide the rest.
    const [c, f] = await Promise.allSettled([api.connections(id), withFlood ? api.floodSeries(id) : Promise.resolve(undefined)]);
    setConnections(c.status === 'fulfilled' ? c.value : null);
    if (f.status === 'fulfilled' && f.value !== undefined) setFlood(f.value);
    setVersion((v) => v + 1);
  }, [id]);

  const load = useCallback(async () => {
    // What the page opens with (the session, its history, the snapshot) is asked for at once and
    // drawn as it arrives; the flood series as soon as the history says a flood ran; the
    // connections, for the timeline further down, last: on a flood they are the heaviest
    // request, and beside the history they only slowed it (two cores, one server).
    const quiet = <T,>(p: Promise<T>) => { p.catch(() => undefined); return p; };
    const history = quiet(api.allHistory(id));
    const snapshot = quiet(api.snapshot(id));
    let s: Session;
    try {
      s = await api.getSession(id);
    } catch (e) {
      const p = problemOf(e);
      setLoadFailed(p.status === 404 ? 'This session does not exist (it may have been deleted).'
        : isUnreachable(p) ? 'The Handshake Lab server does not answer; start it with ./mvnw spring-boot:run.'
        : p.detail ?? p.title ?? 'Loading failed');
      return;
    }
    setSession(s);
    setClock(s.clock);
    setLoadFailed(null);
    // The charting code is fetched while the history is read, where a flood is likely.
    if (isFloodTemplate(s.template)) void loadFloodChart().catch(() => undefined);
    void snapshot.then((snap) => {
      setEndpoints(snap.endpoints);
      setClock(snap.clock);
      const { states, totals, truncated } = snap;
      setStateCounts(truncated && states && totals ? { states, total: totals.endpoints } : null);
    }, () => undefined);
    const [h, snap] = await Promise.allSettled([history.then((events) => {
      setEvents(events);
      // Marks for the browser test that measures how long a flood session takes to open.
      performance.mark('lab:history');
      return events;
    }), snapshot]);
    // The session itself loaded; if history or snapshot fail, show what we have and say what is missing.
    setAlerts([h, snap].flatMap((r, i) => r.status === 'rejected'
      ? [`Could not load the ${i === 0 ? 'history' : 'snapshot'}: ${problemOf(r.reason).detail ?? problemOf(r.reason).title}`] : []));
    // Only a session where a flood ran has series (others answer 404, which the page never asks for).
    const flooded = h.status === 'fulfilled' && floodRan(h.value);
    const [f] = await Promise.allSettled([flooded ? api.floodSeries(id) : Promise.resolve(null), flooded ? loadFloodChart() : null]);
    if (f.status === 'fulfilled' && f.value) setFlood(f.value);
    await refreshSide(false);
  }, [id, refreshSide]);
  useEffect(() => { void load(); }, [load]);

  useEffect(() => { if (events.length > 0) performance.mark('lab:events-drawn'); }, [events]);
  useEffect(() => { if (endpoints.length > 0) performance.mark('lab:snapshot'); }, [endpoints]);

  const floodRef = useRef(false);
  floodRef.current = flood !== null || floodRan(events);

  const run: RunStep = useCallback(async (action) => {
    try {
      const step = await action();
      setEvents((have) => mergeEvents(have, step.events));
      setEndpoints((have) => endpointsAfter(have, step));
      setClock(step.clock);
      setSession((s) => (s ? { ...s, steps: step.step, clock: step.clock } : s));
      // Show what the server answered (the SYN-ACK, a RST...) or else the first segment of the step.
      const sent = step.events.filter((e) => e.kind === 'segment-sent');
      const focus = sent.find((e) => e.segment?.sender === 'server') ?? sent[0];
      if (focus) setSelected(focus.index);
      setAlerts([]);
      // The flood series only exists in sessions where a flood ran; others 404.
      void refreshSide(floodRef.current);
      return null;
    } catch (e) {
      return problemOf(e);
    }
  }, [refreshSide]);

  const rows = useMemo(() => ladderRows(events), [events]);
  const log = useMemo(() => logEntries(events, rows), [events, rows]);
  // The display filter narrows what the ladder and the log show (a row shows if any of its events match).
  const [filterText, setFilterText] = useState('');
  const cookies = useMemo(() => cookieSynAcks(events), [events]);
  const filter = useMemo(() => parseFilter(filterText, { cookieSynAcks: cookies }), [filterText, cookies]);
  const matched = useMemo(() => {
    if (!filter.test || filterText.trim() === '') return null;
    return new Set(events.filter(filter.test).map((e) => e.index));
  }, [events, filter, filterText]);
  const shownRows = useMemo(() => (matched ? rows.filter((r) => r.events.some((i) => matched.has(i))) : rows), [rows, matched]);
  const shownLog = useMemo(() => (matched ? log.filter((e) => matched.has(e.index)) : log), [log, matched]);
  const jumpTo = (micros: number) => {
    const row = shownRows.find((r) => r.sentAtMicros >= micros);
    if (!row) return false;
    setSelected(row.id);
    // Once drawn (the ladder shows earlier arrows when needed), bring the arrow into view and focus it.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const arrow = document.querySelector<SVGGElement>(`[data-testid="ladder-segment-${row.id}"]`);
      arrow?.scrollIntoView({ block: 'center' });
      arrow?.focus({ preventScroll: true });
    }));
    return true;
  };
  // Until the student picks one, show the first segment the server sent: the SYN-ACK to study.
  const selectedRow = rows.find((r) => r.id === selected) ?? rows.find((r) => r.fromColumn === 'server') ?? rows[rows.length - 1] ?? null;

  const isSynAck = (r: LadderRow | null) => !!r && r.fromColumn === 'server' && r.segment.flags.includes('SYN') && r.segment.flags.includes('ACK');
  const synAckToAnswer = (isSynAck(selectedRow) ? selectedRow : [...rows].reverse().find(isSynAck))?.segment ?? null;
  const issuedCookies = cookies.size > 0;
  // Only a SYN-ACK that carries a cookie (it followed a cookie-issued event of its connection) opens as one.
  const cookieRow = selectedRow && isServerSynAck(selectedRow.segment) && cookies.has(selectedRow.id) ? selectedRow : null;
  const plainSynAckInCookieSession = !cookieRow && issuedCookies && !!selectedRow && isServerSynAck(selectedRow.segment);
  const findCookies = () => setFilterText('cookie && tcp.flags.syn');
  const floodNotes = useMemo(() => events.filter((e) => e.kind === 'flood-started' || e.kind === 'flood-ended').map((e) => e.text), [events]);
  const floodLab = isFloodTemplate(session?.template ?? null) || flood !== null;

  if (loadFailed) {
    return (
      <div className="page">
        <p className="notice" role="alert" data-testid="session-load-failed">
          <span aria-hidden="true">⚠ </span>{loadFailed} <a href="#/">Back to sessions</a> or{' '}
          <button type="button" onClick={() => void load()}>try again</button>.
        </p>
      </div>
    );
  }
  if (!session || !clock) return <div className="page"><p className="muted" aria-live="polite">Loading session…</p></div>;
  // An instructor reading a student's session sees every view, but runs no step in it.
  const readOnly = session.access === 'read';

  return (
    <div className="page session-page">
      <div className="session-head">
        <h1 data-testid="session-name">{session.name}</h1>
        <span className="muted" data-testid="session-meta">
          {session.template ?? 'from scratch'} · profile {session.profile} · seed {session.seed} · server {hostPort(session.server.address, session.server.port)}
        </span>
        <span className="clock-now" data-testid="clock-now">virtual time {formatMicros(clock.nowMicros)}</span>
        <ExportLinks sessionId={id} connection={selectedRow?.connection ?? null} />
        <ResetButton session={session} onAlert={setAlerts} />
        <ForkControls session={session} onAlert={setAlerts} />
      </div>
      {readOnly && (
        <p className="notice" data-testid="read-only">
          You are reading <strong>{session.owner?.displayName ?? session.owner?.username ?? 'a student'}</strong>'s session:
          every view, but no step can be sent from here.
        </p>
      )}
      <Notes sessionId={id} />
      {session.replacedBy && (
        <p className="notice" data-testid="replaced">This session was reset; kept for the record.{' '}
          <a href={`#/sessions/${encodeURIComponent(session.replacedBy)}`}>Open the fresh one</a>.</p>
      )}
      <ExercisePanel sessionId={id} version={version} readOnly={readOnly} onAttempt={setAttempt} />
      {session.template && attempt === false && <Instructions templateId={session.template} />}
      {session.path && (session.path.middleboxes ?? []).length > 0 && <PathSummary path={session.path} testid="session-path" />}
      <Alerts messages={alerts} onDismiss={() => setAlerts([])} />
      <div className={readOnly ? 'lab-grid read-only' : 'lab-grid'}>
        {!readOnly && <div className="lab-controls">
          <Composer session={session} synAck={synAckToAnswer} run={run} onAlert={setAlerts}
            clientSyn={selectedRow && selectedRow.fromColumn === 'client' && selectedRow.segment.flags.includes('SYN') ? selectedRow.segment : null} />
          <ConnectPanel sessionId={id} run={run} onAlert={setAlerts} />
          <ClockPanel sessionId={id} clock={clock} run={run} onAlert={setAlerts} />
          {floodLab ? <FloodForm session={session} onDone={load} onAlert={setAlerts} notes={floodNotes} /> : (
            <details className="panel">
              <summary>SYN flood (spoofed SYNs against this server)</summary>
              <FloodForm session={session} onDone={load} onAlert={setAlerts} notes={floodNotes} />
            </details>
          )}
        </div>}
        <div className="lab-views">
          <HistoryFilter text={filterText} onText={setFilterText} error={filter.error} matched={matched?.size ?? events.length}
            total={events.length} onJump={jumpTo} cookies={issuedCookies} />
          <div className="ladder-and-log">
            <Ladder rows={shownRows} selected={selectedRow?.id ?? null} onSelect={setSelected} />
            <EventLog entries={shownLog} selected={selectedRow?.id ?? null} onSelect={setSelected} />
          </div>
          <Inspector row={selectedRow} endpoints={endpoints}>
            {cookieRow && <CookiePanel key={cookieRow.id} sessionId={id} row={cookieRow} issued onAlert={setAlerts} />}
            {plainSynAckInCookieSession && (
              <p className="small notice" data-testid="cookie-none">
                This SYN-ACK carries no SYN cookie: the SYN queue had room, so its ISN is an ordinary one (RFC 6528) and the server
                keeps a request for it. <button type="button" onClick={findCookies} data-testid="cookie-find">Show the SYN-ACKs that carry a cookie</button>
              </p>
            )}
          </Inspector>
        </div>
      </div>
      {flood && flood.series.length > 0 && (
        <Suspense fallback={<p className="muted">Loading chart…</p>}><FloodChart data={flood} /></Suspense>
      )}
      <div className="two-col">
        <StatesPanel endpoints={endpoints} focusConnection={selectedRow?.connection ?? null}
          counted={stateCounts?.states ?? null} total={stateCounts?.total ?? null} />
        <Timeline sessionId={id} clientAddress={session.client.address} connections={connections} focus={selectedRow?.connection ?? null} version={version} />
      </div>
    </div>
  );
}

/**
 * The template's "what to try" stays in view inside the session; "what to observe" is folded
 * until the student opens it, so that it does not give the answer away.
 */
function Instructions({ templateId }: { templateId: string }) {
  const [template, setTemplate] = useState<Template | null>(null);
  useEffect(() => {
    let live = true;
    // Instructions are a help, not the lab: if the list cannot be read the session works without them.
    api.templates().then((all) => { if (live) setTemplate(all.find((t) => t.id === templateId) ?? null); }, () => undefined);
    return () => { live = false; };
  }, [templateId]);
  if (!template || (template.whatToTry.length === 0 && template.whatToObserve.length === 0)) return null;
  return (
    <section className="panel instructions" aria-labelledby="instructions-h" data-testid="instructions">
      <h2 id="instructions-h">{template.title}: what to try</h2>
      <p className="muted">{template.summary}</p>
      {template.whatToTry.length > 0 && <ol data-testid="instructions-try">{template.whatToTry.map((x, i) => <li key={i}>{x}</li>)}</ol>}
      {template.whatToObserve.length > 0 && (
        <details data-testid="instructions-observe">
          <summary>What you should observe (open once you have tried)</summary>
          <ul>{template.whatToObserve.map((x, i) => <li key={i}>{x}</li>)}</ul>
        </details>
      )}
    </section>
  );
}

/** The notes the student's instructors left in this session (from the dashboard's "Note"). */
function Notes({ sessionId }: { sessionId: string }) {
  const [notes, setNotes] = useState<SessionNote[]>([]);
  useEffect(() => {
    let live = true;
    // a session nobody left a note in, or one the notes cannot be read for, shows nothing
    api.notes(sessionId).then((n) => { if (live) setNotes(n); }, () => undefined);
    return () => { live = false; };
  }, [sessionId]);
  if (notes.length === 0) return null;
  return (
    <section className="notice" aria-label="Notes from your instructor" data-testid="session-notes">
      {notes.map((n) => <p key={n.id}><strong>{n.author}:</strong> {n.body}</p>)}
    </section>
  );
}

/** Starts the session over from its template (the old one is kept): its owner, or an instructor reading it. */
function ResetButton({ session, onAlert }: { session: Session; onAlert: (m: string[]) => void }) {
  if (session.replacedBy) return null;
  const reset = async () => {
    if (!window.confirm('Start this session over? The current one is kept for the record.')) return;
    try {
      const fresh = await api.resetSession(session.id);
      window.location.hash = `#/sessions/${encodeURIComponent(fresh.id)}`;
    } catch (e) {
      const p = problemOf(e);
      onAlert([p.detail ?? p.title ?? 'Reset failed']);
    }
  };
  return <button type="button" onClick={() => void reset()} data-testid="session-reset">Reset session</button>;
}

/**
 * Fork at any step (a new session of yours replaying this one's steps up to there) and undo the
 * last step (a fork at the step before it); this session stays as it is.
 */
function ForkControls({ session, onAlert }: { session: Session; onAlert: (m: string[]) => void }) {
  const [upto, setUpto] = useState(String(session.steps));
  const [busy, setBusy] = useState(false);
  useEffect(() => setUpto(String(session.steps)), [session.steps]);
  const fork = async (step: number) => {
    setBusy(true);
    try {
      const fresh = await api.forkSession(session.id, step);
      window.location.hash = `#/sessions/${encodeURIComponent(fresh.id)}`;
    } catch (e) {
      const p = problemOf(e);
      onAlert([p.detail ?? p.title ?? 'Fork failed']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="fork-controls" onSubmit={(e) => { e.preventDefault(); void fork(Number(upto)); }} data-testid="fork">
      <label>
        <span className="small">Fork at step</span>{' '}
        <select value={upto} onChange={(e) => setUpto(e.target.value)} data-testid="fork-step">
          {Array.from({ length: session.steps + 1 }, (_, i) => <option key={i} value={i}>{i}</option>)}
        </select>
      </label>{' '}
      <button type="submit" disabled={busy} data-testid="fork-go">Fork</button>{' '}
      <button type="button" disabled={busy || session.steps === 0} onClick={() => void fork(session.steps - 1)} data-testid="undo-step"
        title="a new session with every step but the last; this one is kept">Undo last step</button>
    </form>
  );
}

/** Copies the address of this session (its hash route) for a classmate or an instructor who may read it. */
function CopyLink() {
  const [said, setSaid] = useState('');
  const copy = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setSaid('Link copied.');
    } catch {
      // Without clipboard access (an insecure origin, a denied permission) show the link to copy by hand.
      setSaid(`Copy this link: ${url}`);
    }
  };
  return (
    <>
      <button type="button" className="chip" onClick={() => void copy()} data-testid="copy-link">Copy link</button>
      <span className="small muted" role="status" data-testid="copy-link-status">{said}</span>
    </>
  );
}

/** Downloads of the session's traffic for Wireshark: the whole session, or the selected segment's connection. */
function ExportLinks({ sessionId, connection }: { sessionId: string; connection: string | null }) {
  return (
    <nav className="export-links" aria-label="Export this session">
      <CopyLink />{' · '}
      <a href={historyUrl(sessionId)} download={`session-${sessionId}-history.json`} data-testid="export-history"
        title="every event of the session, as GET /history/all answers it">history (JSON)</a>{' · '}
      <span className="muted">Open in Wireshark:</span>{' '}
      <a href={captureUrl(sessionId, 'pcap')} download data-testid="export-pcap">pcap</a>{' · '}
      <a href={captureUrl(sessionId, 'pcapng')} download data-testid="export-pcapng"
        title="one interface per observation point (client, server, each middlebox), each packet commented">pcapng</a>
      {connection && <>{' · '}
        <a href={captureUrl(sessionId, 'pcapng', connection)} download data-testid="export-connection-pcapng">
          this connection ({connection})</a></>}
      {' · '}<span className="muted">packetdrill:</span>{' '}
      <a href={packetdrillUrl(sessionId, connection)} download data-testid="export-packetdrill"
        title="the connection from the server's side as a packetdrill script; run it on the packetdrill page">
        {connection ? 'this connection' : 'script'}</a>
    </nav>
  );
}
