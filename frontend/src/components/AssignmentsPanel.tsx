import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { problemOf } from '../lib/problems';
import {
  assignable, assignmentsApi, dueAtFromLocal, dueText, latestAttempt, scoresCsvUrl, scoreText, startLabel, statusText,
  type Assignment, type ExerciseSummary, type ScoreTable,
} from '../lib/assignments';

function errorText(e: unknown): string {
  const p = problemOf(e);
  const fields = (p.errors ?? []).map((f) => `${f.field}: ${f.message}`);
  return fields.length ? fields.join('; ') : p.detail ?? p.title ?? 'Failed';
}

const openSession = (id: string) => { window.location.hash = `#/sessions/${encodeURIComponent(id)}`; };

/**
 * A course's assignments. Its instructors assign exercises (with an optional due date), read the
 * scores per student and assignment, and download them as CSV; a student sees their own
 * assignments with status and best score, and starts an attempt (or a new one). Scores are the
 * server's grades of the stored history; this page only shows them.
 */
export function AssignmentsPanel({ courseId, teaching }: { courseId: string; teaching: boolean }) {
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [exercises, setExercises] = useState<ExerciseSummary[]>([]);
  const [scores, setScores] = useState<ScoreTable | null>(null);
  const [exerciseId, setExerciseId] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setAssignments(await assignmentsApi.list(courseId));
      if (teaching) {
        setExercises(await assignmentsApi.exercises());
        setScores(await assignmentsApi.scores(courseId));
      }
    } catch (e) { setError(errorText(e)); }
  }, [courseId, teaching]);
  useEffect(() => { void load(); }, [load]);

  const offered = assignable(exercises, assignments);
  const assign = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const chosen = exerciseId || offered[0]?.id;
    if (!chosen) return;
    try {
      await assignmentsApi.assign(courseId, chosen, dueAtFromLocal(due));
      setExerciseId('');
      setDue('');
      await load();
    } catch (err) { setError(errorText(err)); }
  };
  const start = async (a: Assignment) => {
    setError(null);
    try { openSession((await assignmentsApi.start(courseId, a.id)).sessionId); } catch (err) { setError(errorText(err)); }
  };

  return (
    <section className="panel" aria-labelledby="assignments-h" data-testid="assignments">
      <h2 id="assignments-h">Assignments</h2>
      {error && <p className="field-error" role="alert" data-testid="assignments-error">{error}</p>}
      {teaching ? (
        <>
          <form onSubmit={assign} className="inline-form" noValidate>
            <label className="field"><span>Exercise</span>
              <select value={exerciseId || offered[0]?.id || ''} onChange={(e) => setExerciseId(e.target.value)} data-testid="assign-exercise">
                {offered.map((x) => <option key={x.id} value={x.id}>{x.title} ({x.points} points)</option>)}
              </select></label>
            <label className="field"><span>Due (optional)</span>
              <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} data-testid="assign-due" /></label>
            <button type="submit" disabled={offered.length === 0} data-testid="assign-submit">Assign</button>
          </form>
          <p className="muted">Attempts after the due date are allowed and marked late; a score is the best attempt's.</p>
          <h3 id="scores-h">Scores</h3>
          <p>
            <a href={scoresCsvUrl(courseId)} download data-testid="scores-csv">Download CSV</a>{' '}
            <button type="button" onClick={() => void load()} data-testid="scores-refresh">Refresh</button>
          </p>
          {scores && scores.assignments.length > 0 ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Scores per student and assignment">
              <table className="table" data-testid="scores-table" aria-labelledby="scores-h">
                <thead>
                  <tr><th scope="col">Student</th>
                    {scores.assignments.map((a) => <th scope="col" key={a.assignmentId} title={dueText(a.dueAt)}>{a.title}</th>)}
                    <th scope="col">Total</th></tr>
                </thead>
                <tbody>
                  {scores.students.map((s) => (
                    <tr key={s.id} data-testid={`scores-row-${s.username}`}>
                      <th scope="row">{s.displayName}</th>
                      {s.scores.map((c) => (
                        <td key={c.assignmentId} data-testid={`score-${s.username}-${c.exerciseId}`}>
                          {c.bestSessionId
                            ? <a href={`#/sessions/${encodeURIComponent(c.bestSessionId)}`}>{scoreText(c.earned, c.points, c.status, c.late)}</a>
                            : scoreText(c.earned, c.points, c.status, c.late)}
                          {c.attempts > 1 && <span className="muted"> · {c.attempts} attempts</span>}
                        </td>
                      ))}
                      <td>{s.earned} / {s.points}</td>
                    </tr>
                  ))}
                  {scores.students.length === 0 && <tr><td colSpan={scores.assignments.length + 2} className="muted">No students yet.</td></tr>}
                </tbody>
              </table>
            </div>
          ) : <p className="muted">Nothing assigned yet.</p>}
        </>
      ) : (
        <ul className="assignment-list" data-testid="my-assignments">
          {assignments.map((a) => {
            const latest = latestAttempt(a.mine);
            const status = a.mine?.status ?? 'not-started';
            return (
              <li key={a.id} data-testid={`assignment-${a.exerciseId}`}>
                <strong>{a.title}</strong> <span className="muted">{dueText(a.dueAt)}</span>
                <div>
                  <span data-testid={`assignment-status-${a.exerciseId}`}>{statusText[status]}</span>
                  {' · best '}
                  <span data-testid={`assignment-score-${a.exerciseId}`}>
                    {scoreText(a.mine?.best?.earned ?? null, a.mine?.best?.points ?? a.points, status, a.mine?.best?.late ?? false)}
                  </span>
                  {a.mine && a.mine.attempts.length > 0 && <span className="muted"> · {a.mine.attempts.length} attempt(s)</span>}
                </div>
                <div className="inline-form">
                  <button type="button" onClick={() => void start(a)} data-testid={`assignment-start-${a.exerciseId}`}>
                    {startLabel(a.mine)}<span className="sr-only">: {a.title}</span>
                  </button>
                  {latest && <a href={`#/sessions/${encodeURIComponent(latest.sessionId)}`}>Open attempt {latest.attemptNo}</a>}
                </div>
              </li>
            );
          })}
          {assignments.length === 0 && <li className="muted">Nothing assigned yet.</li>}
        </ul>
      )}
    </section>
  );
}
