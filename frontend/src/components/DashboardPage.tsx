import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ClassView, type CommonMistakes, type DashboardRow } from '../api';
import { ago, countByStatus, type Filter, filterRows, type Sort, type SortKey, sortRows, withRow } from '../lib/dashboard';
import { errorText } from './CoursesPage';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'student', label: 'Student' },
  { key: 'status', label: 'Status' },
  { key: 'checks', label: 'Checks' },
  { key: 'lastActivity', label: 'Last activity' },
  { key: 'endpoints', label: 'Endpoints' },
];

/**
 * A course's class view, live: the rows are read once, then every update the server pushes
 * (server-sent events) replaces its student's row. The browser's EventSource reconnects by
 * itself and sends Last-Event-ID, so the server resumes with exactly the updates missed; a
 * `reload` event (the missed ones are no longer kept) reads the whole view again.
 */
export default function DashboardPage({ id }: { id: string }) {
  const [view, setView] = useState<ClassView | null>(null);
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
        const v = await api.dashboard(id);
        if (closed) return;
        setView(v);
        setRows(v.rows);
        setError(null);
        source = new EventSource(api.dashboardEventsUrl(id, v.lastEventId));
        source.onopen = () => setLive('live');
        source.onerror = () => setLive('reconnecting');
        source.addEventListener('row', (e) => {
          const row = JSON.parse((e as MessageEvent<string>).data) as DashboardRow;
          setRows((current) => withRow(current, row));
        });
        source.addEventListener('reload', () => setGeneration((g) => g + 1));
      } catch (e) { if (!closed) setError(errorText(e)); }
    })();
    return () => { closed = true; source?.close(); };
  }, [id, generation]);

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
      <details className="panel">
        <summary>Stuck rules</summary>
        <ul>{view.rules.map((r) => <li key={r}>{r}</li>)}</ul>
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
      <MistakesPanel courseId={id} />
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
      <td>{row.checksTotal !== null ? `${row.checksPassed} / ${row.checksTotal}` : '—'}
        {row.points !== null && <span className="muted"> ({row.score}/{row.points} pts)</span>}</td>
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

/** Per check, how many students fail it and the typical failure: for addressing the room. */
function MistakesPanel({ courseId }: { courseId: string }) {
  const [mistakes, setMistakes] = useState<CommonMistakes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setMistakes(await api.commonMistakes(courseId)); setError(null); } catch (e) { setError(errorText(e)); }
  }, [courseId]);
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
    </section>
  );
}
