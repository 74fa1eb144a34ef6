import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Course, type RosterResult, type Session } from '../api';
import { problemOf } from '../lib/problems';
import { isInstructor, useMe } from '../lib/session-context';
import { AssignmentsPanel } from './AssignmentsPanel';
import { LabeledInput } from './FieldMessage';

export function errorText(e: unknown): string {
  const p = problemOf(e);
  const fields = (p.errors ?? []).map((f) => `${f.field}: ${f.message}`);
  return fields.length ? fields.join('; ') : p.detail ?? p.title ?? 'Failed';
}

/** The courses you teach or attend; instructors create courses, students join with a code. */
export function CoursesPage() {
  const { me } = useMe();
  const [courses, setCourses] = useState<Course[]>([]);
  const [name, setName] = useState('');
  const [term, setTerm] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setCourses(await api.courses()), []);
  useEffect(() => { if (me?.account) void load(); }, [load, me]);

  if (!me?.account) return <div className="page narrow"><p className="notice">Courses need an account. <a href="#/signin">Sign in</a> or <a href="#/signup">sign up</a>.</p></div>;

  const act = (f: () => Promise<unknown>) => async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try { await f(); await load(); } catch (err) { setError(errorText(err)); }
  };

  return (
    <div className="page narrow">
      <h1>Courses</h1>
      {error && <p className="field-error" role="alert" data-testid="courses-error">{error}</p>}
      <section className="panel" aria-labelledby="mycourses-h">
        <h2 id="mycourses-h">Your courses</h2>
        <ul data-testid="course-list">
          {courses.map((c) => (
            <li key={c.id}><a href={`#/courses/${encodeURIComponent(c.id)}`}>{c.name}</a> <span className="muted">{c.term} · {c.myRole}</span></li>
          ))}
          {courses.length === 0 && <li className="muted">None yet.</li>}
        </ul>
      </section>
      <section className="panel" aria-labelledby="join-h">
        <h2 id="join-h">Join a course</h2>
        <form onSubmit={act(() => api.joinCourse(code).then(() => setCode('')))} className="inline-form" noValidate>
          <LabeledInput id="join-code" label="Join code" value={code} onChange={setCode} numeric={false} />
          <button type="submit" data-testid="join-submit">Join</button>
        </form>
      </section>
      {isInstructor(me) && (
        <section className="panel" aria-labelledby="newcourse-h">
          <h2 id="newcourse-h">New course</h2>
          <form onSubmit={act(() => api.createCourse(name, term).then(() => { setName(''); setTerm(''); }))} className="inline-form" noValidate>
            <LabeledInput id="course-name" label="Name" value={name} onChange={setName} numeric={false} />
            <LabeledInput id="course-term" label="Term" value={term} onChange={setTerm} numeric={false} />
            <button type="submit" data-testid="course-create">Create course</button>
          </form>
        </section>
      )}
    </div>
  );
}

/** One course: for its instructors, the join code, the roster and every student's sessions. */
export function CoursePage({ id }: { id: string }) {
  const [course, setCourse] = useState<Course | null>(null);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [csv, setCsv] = useState('');
  const [roster, setRoster] = useState<RosterResult | null>(null);
  const [coInstructor, setCoInstructor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const c = await api.course(id);
      setCourse(c);
      if (c.myRole === 'instructor') setSessions((await api.courseSessions(id)).items);
    } catch (e) { setError(errorText(e)); }
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  const act = (f: () => Promise<unknown>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    try { await f(); await load(); } catch (err) { setError(errorText(err)); }
  };

  if (!course) return <div className="page narrow">{error ? <p className="notice" role="alert">{error}</p> : <p className="muted">Loading…</p>}</div>;
  const teaching = course.myRole === 'instructor';
  return (
    <div className="page narrow">
      <h1 data-testid="course-name">{course.name}</h1>
      <p className="muted">{course.term} · you {teaching ? 'teach' : 'attend'} this course</p>
      {error && <p className="field-error" role="alert" data-testid="course-error">{error}</p>}
      <AssignmentsPanel courseId={id} teaching={teaching} />
      {teaching && (
        <>
          <p><a href={`#/courses/${encodeURIComponent(id)}/dashboard`} data-testid="open-dashboard">Open the live class dashboard</a>:
            who is progressing, who is stuck and why.</p>
          <section className="panel" aria-labelledby="code-h">
            <h2 id="code-h">Join code</h2>
            <p>Students join with <code className="join-code" data-testid="join-code">{course.joinCode}</code> (at sign-up, or under Courses).</p>
          </section>
          <section className="panel" aria-labelledby="students-h">
            <h2 id="students-h">Students ({course.students?.length ?? 0})</h2>
            <table className="table" data-testid="student-list">
              <thead><tr><th>Username</th><th>Name</th><th>E-mail</th><th /></tr></thead>
              <tbody>
                {(course.students ?? []).map((p) => (
                  <tr key={p.id}><td>{p.username}</td><td>{p.displayName}</td><td>{p.email ?? ''}</td>
                    <td><button type="button" onClick={() => void act(() => api.removeStudent(id, p.id))()}>Remove</button></td></tr>
                ))}
              </tbody>
            </table>
            <form onSubmit={act(async () => { setRoster(await api.importRoster(id, csv)); setCsv(''); })} noValidate>
              <label className="field"><span>Add students from a CSV roster: username, display name, e-mail (one per line)</span>
                <textarea rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} data-testid="roster-csv" /></label>
              <label className="field"><span>…or a file</span>
                <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} /></label>
              <button type="submit" data-testid="roster-submit">Import roster</button>
            </form>
            {roster && (
              <div className="notice" role="status" data-testid="roster-result">
                <p>{roster.enrolled} enrolled, {roster.created} new accounts. Hand each new student their first password (shown once):</p>
                <ul>{roster.rows.filter((r) => r.created).map((r) => <li key={r.username}><code>{r.username}</code>: <code>{r.initialPassword}</code></li>)}</ul>
              </div>
            )}
          </section>
          <section className="panel" aria-labelledby="coinst-h">
            <h2 id="coinst-h">Instructors</h2>
            <p>{(course.instructors ?? []).map((p) => p.displayName).join(', ')}</p>
            <form onSubmit={act(() => api.addInstructor(id, coInstructor).then(() => setCoInstructor('')))} className="inline-form" noValidate>
              <LabeledInput id="coinstructor" label="Add a co-instructor (username)" value={coInstructor} onChange={setCoInstructor} numeric={false} />
              <button type="submit">Add</button>
            </form>
          </section>
          <section className="panel" aria-labelledby="csessions-h">
            <h2 id="csessions-h">Students' sessions</h2>
            <table className="table" data-testid="course-sessions">
              <thead><tr><th>Student</th><th>Session</th><th>Template</th><th>Steps</th><th>Last activity</th></tr></thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td>{s.owner?.displayName ?? s.owner?.username}</td>
                    <td><a href={`#/sessions/${encodeURIComponent(s.id)}`}>{s.name}</a>{s.replacedBy && <span className="muted"> (reset)</span>}</td>
                    <td>{s.template ?? 'from scratch'}</td><td>{s.steps}</td><td>{new Date(s.updatedAt).toLocaleString()}</td>
                  </tr>
                ))}
                {sessions.length === 0 && <tr><td colSpan={5} className="muted">No sessions yet.</td></tr>}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
