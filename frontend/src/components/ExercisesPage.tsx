import { useEffect, useState } from 'react';
import { openSession } from '../App';
import { exercises, type ExerciseSummary } from '../exercises';
import { problemOf } from '../lib/problems';
import Alerts from './Alerts';

/** The built-in exercises in syllabus order; starting one opens a fresh session (an attempt) with its instructions inside. */
export default function ExercisesPage() {
  const [list, setList] = useState<ExerciseSummary[] | null>(null);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [starting, setStarting] = useState<string | null>(null);
  useEffect(() => {
    exercises.list().then(setList, (e) => setAlerts([problemOf(e).detail ?? 'The exercises could not be read']));
  }, []);

  const start = async (id: string) => {
    setStarting(id);
    try {
      const attempt = await exercises.start(id);
      openSession(attempt.sessionId);
    } catch (e) {
      const p = problemOf(e);
      setAlerts([p.detail ?? p.title ?? 'The attempt could not be started']);
      setStarting(null);
    }
  };

  return (
    <div className="page exercises-page">
      <h1 className="page-title">Exercises</h1>
      <p className="muted">Each exercise runs in a session of its own. It is graded on what your endpoint did, read from the session's
        stored history, and on the replies you predict before you send.</p>
      <Alerts messages={alerts} onDismiss={() => setAlerts([])} />
      {list === null ? <p className="muted" aria-live="polite">Loading exercises…</p> : (
        <ol className="exercise-list" data-testid="exercise-list">
          {list.map((e) => (
            <li key={e.id} className="panel" data-testid={`exercise-${e.id}`}>
              <h2>{e.title}</h2>
              <p>{e.learningGoal}</p>
              <p className="muted">{e.checks} check{e.checks === 1 ? '' : 's'} · {e.points} points · template {e.template}</p>
              <button type="button" onClick={() => void start(e.id)} disabled={starting !== null} data-testid={`start-${e.id}`}>
                {starting === e.id ? 'Starting…' : 'Start attempt'}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
