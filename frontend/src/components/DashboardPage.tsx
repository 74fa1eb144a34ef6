import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ClassView, type CommonMistakes, type DashboardRow, type StuckRuleSettings } from '../api';
import { ago, countByStatus, type Filter, filterRows, type Sort, type SortKey, sortRows, withRow } from '../lib/dashboard';
import { errorText } from './CoursesPage';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'student', label: 'Student' },
  { key: 'status', label: 'Status' },
  { key: 'checks', label: 'Checks' },
  { key: 'score', label: 'Score' },
  { key: 'lastActivity', label: 'Last activity' },
  { key: 'endpoints', label: 'Endpoints' },
];

/**
 * A course's class view of one assignment, live: the rows are read once, then every update the
 * server pushes (server-sent events, of this assignment only) replaces its student's row. The
 * browser's EventSource reconnects by itself and sends Last-Event-ID, so the server resumes
 * with exactly the updates missed; a `reload` event (the missed ones are no longer kept) reads
 * the whole view again. Choosing another assignment reads its view and opens its stream.
 */
export default function DashboardPage({ id }: { id: string }) {
  const [view, setView] = useState<ClassView | null>(null);
  // null: the server's default (the most recent assignment) until the first view says which it is
  const [assignment, setAssignment] = useState<string | null>(null);
  const [rows, setRows] = useState<DashboardRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [sort, setSort] = useState<Sort>({ key: 'status', descending: false });
  const [filter, setFilter] = useState<Filter>({ text: '', status: 'all' });
  const [now, setNow] = useState(() => Date.now());
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let source: EventSource | null = null;
    let closed = false;
    void (async () => {
      try {
        const v = await api.dashboard(id, assignment);
        if (closed) return;
        setView(v);
        setRows(v.rows);
        setError(null);
        source = new EventSource(api.dashboardEventsUrl(id, v.lastEventId, v.assignmentId));
        source.onopen = () => setLive('live');
        source.onerror = () => setLive('reconnecting');
        source.addEventListener('row', (e) => {
          const row = JSON.parse((e as MessageEvent<string>).data) as DashboardRow;
          setRows((current) => withRow(current, row, v.assignmentId));
        });
        source.addEventListener('reload', () => setGeneration((g) => g + 1));
      } catch (e) { if (!closed) setError(errorText(e)); }
    })();
    return () => { closed = true; source?.close(); };
  }, [id, assignment, generation]);

  // "3 min ago" stays true without a server round trip
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 15000);
    return () => window.clearInterval(t);
  }, []);

  const shown = useMemo(() => sortRows(filterRows(rows, filter), sort), [rows, filter, sort]);
  const counts = useMemo(() => countByStatus(rows), [rows]);

  if (!view) return <div className="page">{error ? <p className="notice" role="alert">{error}</p> : <p className="muted">Loading…</p>}</div>;
  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }));

  return (
    <div className="page dashboard-page">
      <h1 data-testid="dashboard-title">{view.courseName}: the class, live</h1>
      <p className="muted">
        <a href={`#/courses/${encodeURIComponent(id)}`}>Course page</a>{' · '}
        <span data-testid="dashboard-live" aria-live="polite">{live === 'live' ? 'live' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}</span>
        {' · '}{rows.length} students: <span data-testid="count-stuck">{counts.stuck} stuck</span>, {counts.working} working,{' '}
        {counts['not started']} not started, {counts.passed} passed
      </p>
      {error && <p className="field-error" role="alert">{error}</p>}
      {view.assignments.length > 0 && (
        <label className="field dashboard-assignment"><span>Assignment</span>
          <select value={view.assignmentId ?? ''} data-testid="dashboard-assignment"
            onChange={(e) => { setLive('connecting'); setAssignment(e.target.value); }}>
            {view.assignments.map((a) => <option key={a.id} value={a.id}>{a.title} ({a.exerciseId})</option>)}
          </select></label>)}
      <details className="panel" data-testid="stuck-rules">
        <summary>Stuck rules</summary>
        <ul>{view.rules.map((r) => <li key={r}>{r}</li>)}</ul>
        {view.assignmentId
          ? <RulesForm courseId={id} assignmentId={view.assignmentId} onSaved={() => setGeneration((g) => g + 1)} />
          : <p className="muted">The deployment's rules; an assignment may set its own.</p>}
      </details>
      <div className="dashboard-filters">
        <label className="field"><span>Filter</span>
          <input type="search" value={filter.text} placeholder="name, reason, state…" data-testid="dashboard-filter"
            onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))} /></label>
        <label className="field"><span>Status</span>
          <select value={filter.status} data-testid="dashboard-status-filter"
            onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as Filter['status'] }))}>
            <option value="all">all</option><option value="stuck">stuck</option><option value="working">working</option>
            <option value="not started">not started</option><option value="passed">passed</option>
          </select></label>
      </div>
      <table className="table dashboard-table" data-testid="dashboard-table">
          <caption className="muted">{shown.length} of {rows.length} students; select a column to sort</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="link" onClick={() => sortBy(c.key)} data-testid={`sort-${c.key}`}>
                    {c.label}{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</button>
                </th>
              ))}
              <th scope="col">Step in</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => <Row key={r.studentId} row={r} now={now} onError={setError} />)}
          </tbody>
      </table>
      <MistakesPanel courseId={id} assignmentId={view.assignmentId} />
    </div>
  );
}

function Row({ row, now, onError }: { row: DashboardRow; now: number; onError: (e: string | null) => void }) {
  const [note, setNote] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const leave = async (e: FormEvent) => {
    e.preventDefault();
    if (!row.sessionId || note === null) return;
    try {
      await api.leaveNote(row.sessionId, note);
      setNote(null);
      setSent(true);
      onError(null);
    } catch (err) { onError(errorText(err)); }
  };
  const reset = async () => {
    if (!row.sessionId || !window.confirm(`Start ${row.displayName}'s session over? The old one is kept.`)) return;
    try { await api.resetSession(row.sessionId); onError(null); } catch (err) { onError(errorText(err)); }
  };
  return (
    <tr data-testid="dashboard-row" data-username={row.username} data-status={row.status}>
      <th scope="row">{row.displayName} <span className="muted">{row.username}</span></th>
      <td><span className={`status status-${row.status.replace(' ', '-')}`} data-testid="row-status">{row.status}</span>
        <br /><span className="muted" data-testid="row-reason">{row.reason}</span></td>
      <td>{row.checksTotal !== null ? `${row.checksPassed} / ${row.checksTotal}` : '—'}</td>
      <td data-testid="row-score">{row.points !== null ? `${row.score} / ${row.points}` : '—'}
        {row.attempts > 1 && <><br /><span className="muted">best of {row.attempts} attempts</span></>}</td>
      <td>{ago(row.lastActivity, now)}<br /><span className="muted">{row.steps} steps</span></td>
      <td data-testid="row-endpoints">{row.endpoints ?? '—'}</td>
      <td>
        {row.sessionId && <>
          <a href={`#/sessions/${encodeURIComponent(row.sessionId)}`} data-testid="row-open">Open</a>{' '}
          <button type="button" className="link" onClick={() => void reset()}>Reset</button>{' '}
          {note === null
            ? <button type="button" className="link" onClick={() => { setNote(''); setSent(false); }}>{sent ? 'Note sent; another' : 'Note'}</button>
            : <form onSubmit={(e) => void leave(e)} className="inline-form">
              <label className="field"><span>Note to {row.displayName}</span>
                <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="row-note" /></label>
              <button type="submit">Send</button>{' '}
              <button type="button" className="link" onClick={() => setNote(null)}>Cancel</button>
            </form>}
        </>}
      </td>
    </tr>
  );
}

/** An assignment's stuck rules, editable by the course's instructors; 0 turns a rule off. */
function RulesForm({ courseId, assignmentId, onSaved }: { courseId: string; assignmentId: string; onSaved: () => void }) {
  // as typed: an emptied field goes as null, and the server names it as required
  const [rules, setRules] = useState<Record<keyof StuckRuleSettings, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const typed = (r: StuckRuleSettings) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])) as Record<keyof StuckRuleSettings, string>;
  useEffect(() => {
    let gone = false;
    api.stuckRules(courseId, assignmentId).then((r) => { if (!gone) setRules(typed(r.rules)); }, (e) => { if (!gone) setError(errorText(e)); });
    return () => { gone = true; };
  }, [courseId, assignmentId]);
  if (!rules) return error ? <p className="field-error" role="alert">{error}</p> : null;
  const field = (key: keyof StuckRuleSettings, label: string) => (
    <label className="field" key={key}><span>{label}</span>
      <input type="number" min={0} value={rules[key]} data-testid={`rule-${key}`}
        onChange={(e) => { setSaved(false); setRules({ ...rules, [key]: e.target.value }); }} /></label>
  );
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const sent = Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, v.trim() === '' ? null : Number(v)])) as unknown as StuckRuleSettings;
      setRules(typed((await api.setStuckRules(courseId, assignmentId, sent)).rules));
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) { setError(errorText(err)); }
  };
  return (
    <form onSubmit={(e) => void save(e)} className="inline-form" data-testid="rules-form">
      {field('repeatedRst', 'ACKs answered with RST in a row')}
      {field('repeatedPrediction', 'Attempts with the same wrong prediction')}
      {field('noProgressMinutes', 'Minutes without a new check')}
      {field('noProgressSteps', '… while making at least (steps)')}
      {field('idleMinutes', 'Minutes idle after starting')}
      <button type="submit" data-testid="rules-save">Save rules</button>
      {saved && <span className="muted" role="status"> Saved.</span>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}

/** Per check and per prediction, how many students get it wrong and the typical wrong answers: for addressing the room. */
function MistakesPanel({ courseId, assignmentId }: { courseId: string; assignmentId: string | null }) {
  const [mistakes, setMistakes] = useState<CommonMistakes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setMistakes(await api.commonMistakes(courseId, assignmentId)); setError(null); } catch (e) { setError(errorText(e)); }
  }, [courseId, assignmentId]);
  useEffect(() => { void load(); }, [load]);
  return (
    <section className="panel" aria-labelledby="mistakes-h" data-testid="mistakes">
      <h2 id="mistakes-h">Common mistakes</h2>
      <button type="button" onClick={() => void load()}>Refresh</button>
      {error && <p className="field-error" role="alert">{error}</p>}
      {mistakes && (mistakes.checks.length === 0
        ? <p className="muted">No failing checks among {mistakes.graded} graded attempts.</p>
        : <ul>{mistakes.checks.map((c) => (
          <li key={c.checkId}><strong>{c.percent}%</strong> ({c.failing} of {mistakes.graded}) fail “{c.title}”
            <ul>{c.typical.map((t) => <li key={t.explanation}>{t.students}×: {t.example}</li>)}</ul>
          </li>))}</ul>)}
      {mistakes && mistakes.predictions.length > 0 && (
        <>
          <h3>Predictions</h3>
          <ul data-testid="prediction-mistakes">{mistakes.predictions.map((p) => (
            <li key={p.predictionId}><strong>{p.percent}%</strong> ({p.wrong} of {p.graded}) predicted “{p.predictionId}” wrong
              <span className="muted"> {p.prompt}</span>
              <ul>{p.typical.map((t) => <li key={t.field + t.label}><strong>{t.percent}%</strong> predicted {t.label}</li>)}</ul>
            </li>))}</ul>
        </>)}
    </section>
  );
}
