import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Course } from '../api';
import { authoringApi, type AuthoredSummary, type AuthoredVersion, type VersionSummary } from '../authoring';
import { exercises as exercisesApi, type ExerciseSummary } from '../exercises';
import { assignmentsApi, dueAtFromLocal } from '../lib/assignments';
import { checkPoints, copyId, definitionText, formFieldOf, parseDefinition, withCheckPoints, withField } from '../lib/authoring';
import { problemOf } from '../lib/problems';
import Alerts from './Alerts';
import FieldMessage, { messageId } from './FieldMessage';

type FieldErrors = Record<string, string>;

/** The server's field errors: those of a form field go next to it, the rest next to the JSON editor. */
function splitErrors(e: unknown): { byField: FieldErrors; other: string[] } {
  const p = problemOf(e);
  const byField: FieldErrors = {};
  const other: string[] = [];
  for (const f of p.errors ?? []) {
    const at = formFieldOf(f.field);
    if (at) byField[at] = f.message;
    else other.push(`${f.field || '(the whole definition)'}: ${f.message} (${f.rule})`);
  }
  if (!p.errors?.length) other.push(p.detail ?? p.title ?? 'Refused');
  return { byField, other };
}

/**
 * An instructor's own exercises (docs/exercises.md, "Authored exercises and versions"): copy a
 * built-in one, edit the copy (a form for the title, goal, instructions and points; the whole
 * definition as JSON for the rest), save it as a new version, read the versions, and assign the
 * newest version to a course. The server validates every save as it validates the built-in files;
 * its errors are shown next to the field they name.
 */
export default function AuthoringPage() {
  const [mine, setMine] = useState<AuthoredSummary[] | null>(null);
  const [builtIns, setBuiltIns] = useState<ExerciseSummary[]>([]);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [own, catalogue] = await Promise.all([authoringApi.list(), exercisesApi.list()]);
      setMine(own);
      setBuiltIns(catalogue);
    } catch (e) {
      setAlerts([problemOf(e).detail ?? 'Your exercises could not be read']);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const taken = new Set([...(mine ?? []).map((m) => m.id), ...builtIns.map((b) => b.id)]);
  return (
    <div className="page authoring-page">
      <h1 className="page-title">My exercises</h1>
      <p className="muted">Exercises you write are yours: only you (and admins) see them, and your students meet them through
        an assignment. Every save is a new version; a course keeps the version it assigned.</p>
      <Alerts messages={alerts} onDismiss={() => setAlerts([])} />
      <CopyForm builtIns={builtIns} taken={taken} onCopied={async (id) => { await load(); setSelected(id); }} />
      <section className="panel" aria-labelledby="mine-h">
        <h2 id="mine-h">Your exercises</h2>
        {mine === null ? <p className="muted" aria-live="polite">Loading…</p>
          : mine.length === 0 ? <p className="muted">None yet: copy a built-in exercise above.</p> : (
            <table className="authored-list" data-testid="authored-list">
              <thead><tr><th scope="col">Exercise</th><th scope="col">Version</th><th scope="col">Points</th><th scope="col">Copied from</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {mine.map((m) => (
                  <tr key={m.id} data-testid={`authored-${m.id}`}>
                    <td><strong>{m.title}</strong> <code>{m.id}</code></td>
                    <td>{m.version}</td>
                    <td>{m.points}</td>
                    <td>{m.copiedFrom ?? '—'}</td>
                    <td><button type="button" onClick={() => setSelected(m.id)} aria-pressed={selected === m.id}
                      data-testid={`edit-${m.id}`}>Edit<span className="sr-only"> {m.title}</span></button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
      {selected && <Editor key={selected} id={selected} onSaved={load} />}
    </div>
  );
}

function CopyForm({ builtIns, taken, onCopied }: { builtIns: ExerciseSummary[]; taken: ReadonlySet<string>; onCopied: (id: string) => Promise<void> }) {
  const [source, setSource] = useState('');
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const from = source || builtIns[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const newId = id.trim() || copyId(from, taken);
    try {
      await authoringApi.copy(from, newId, title.trim() || undefined);
      setId('');
      setTitle('');
      await onCopied(newId);
    } catch (err) {
      const p = problemOf(err);
      const byField: FieldErrors = {};
      for (const f of p.errors ?? []) byField[f.field === 'title' ? 'title' : 'id'] = f.message;
      if (!p.errors?.length) byField.id = p.detail ?? p.title ?? 'Refused';
      setErrors(byField);
    } finally { setBusy(false); }
  };
  return (
    <section className="panel" aria-labelledby="copy-h">
      <h2 id="copy-h">Copy a built-in exercise</h2>
      <form onSubmit={submit} className="inline-form" noValidate>
        <label className="field"><span>Exercise to copy</span>
          <select value={from} onChange={(e) => setSource(e.target.value)} data-testid="copy-source">
            {builtIns.map((b) => <option key={b.id} value={b.id}>{b.title}</option>)}
          </select></label>
        <label className="field"><span>New id</span>
          <input id="copy-id" value={id} placeholder={from ? copyId(from, taken) : ''} onChange={(e) => setId(e.target.value)}
            aria-invalid={!!errors.id} aria-describedby={errors.id ? messageId('copy-id') : 'copy-id-note'} data-testid="copy-id" />
          <FieldMessage fieldId="copy-id" error={errors.id} />
        </label>
        <label className="field"><span>Title (optional)</span>
          <input id="copy-title" value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!errors.title}
            aria-describedby={errors.title ? messageId('copy-title') : undefined} data-testid="copy-title" />
          <FieldMessage fieldId="copy-title" error={errors.title} />
        </label>
        <button type="submit" disabled={busy || !from} data-testid="copy-submit">{busy ? 'Copying…' : 'Copy'}</button>
      </form>
      <p className="muted" id="copy-id-note">Lowercase letters, digits and dashes; no other exercise may have it.</p>
    </section>
  );
}

function Editor({ id, onSaved }: { id: string; onSaved: () => Promise<void> }) {
  const [current, setCurrent] = useState<AuthoredVersion | null>(null);
  const [text, setText] = useState('');
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [v, history] = await Promise.all([authoringApi.get(id), authoringApi.versions(id)]);
      setCurrent(v);
      setText(definitionText(v.definition));
      setVersions(history);
    } catch (e) { setOther([problemOf(e).detail ?? 'The exercise could not be read']); }
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  const parsed = parseDefinition(text);
  const d = parsed.definition;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setOther([]);
    setStatus('');
    if (!d) { setOther([parsed.error ?? 'not a definition']); return; }
    setBusy(true);
    try {
      const saved = await authoringApi.edit(id, d);
      setCurrent(saved);
      setText(definitionText(saved.definition));
      setVersions(await authoringApi.versions(id));
      setStatus(`Saved as version ${saved.version}.`);
      await onSaved();
    } catch (err) {
      const split = splitErrors(err);
      setErrors(split.byField);
      setOther(split.other);
    } finally { setBusy(false); }
  };
  if (!current) return other.length ? <p className="field-error" role="alert">{other.join('; ')}</p> : null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const editorNote = other.length ? 'definition-errors' : undefined;
  return (
    <section className="panel authoring-editor" aria-labelledby="editor-h" data-testid="authoring-editor">
      <h2 id="editor-h">Edit <code>{id}</code> <span className="muted">(newest: version {current.latestVersion})</span></h2>
      <form onSubmit={save} noValidate>
        <TextField id="edit-title" label="Title" value={str(d?.title)} error={errors.title} disabled={!d}
          onChange={(v) => setText(withField(text, 'title', v))} />
        <TextField id="edit-learningGoal" label="Learning goal" value={str(d?.learningGoal)} error={errors.learningGoal} disabled={!d}
          onChange={(v) => setText(withField(text, 'learningGoal', v))} />
        <label className="field field-wide"><span>Instructions (Markdown)</span>
          <textarea id="edit-instructions" rows={6} value={str(d?.instructions)} disabled={!d} aria-invalid={!!errors.instructions}
            aria-describedby={errors.instructions ? messageId('edit-instructions') : undefined}
            onChange={(e) => setText(withField(text, 'instructions', e.target.value))} data-testid="edit-instructions" />
          <FieldMessage fieldId="edit-instructions" error={errors.instructions} />
        </label>
        <fieldset className="check-points">
          <legend>Points per check</legend>
          {checkPoints(d).map((c, i) => (
            <TextField key={c.id} id={`edit-points-${i}`} label={`${c.title || c.id}`} value={c.points} error={errors[`checks[${i}].points`]}
              numeric onChange={(v) => setText(withCheckPoints(text, i, v))} />
          ))}
        </fieldset>
        <label className="field field-wide"><span>The whole definition (JSON, as a built-in exercise file)</span>
          <textarea id="edit-definition" rows={18} spellCheck={false} className="mono" value={text} onChange={(e) => setText(e.target.value)}
            aria-invalid={other.length > 0 || !!parsed.error} aria-describedby={editorNote ?? (parsed.error ? messageId('edit-definition') : undefined)}
            data-testid="edit-definition" />
          <FieldMessage fieldId="edit-definition" error={parsed.error ?? undefined} />
        </label>
        {other.length > 0 && (
          <ul id="definition-errors" className="field-error" role="alert" data-testid="definition-errors">
            {other.map((m) => <li key={m}>{m}</li>)}
          </ul>
        )}
        <button type="submit" disabled={busy || !d} data-testid="edit-save">{busy ? 'Saving…' : 'Save as a new version'}</button>
        <span role="status" className="muted" data-testid="edit-status"> {status}</span>
      </form>
      <h3 id="preview-h">What students see (version {current.version})</h3>
      <p className="muted">{current.exercise.learningGoal} · {current.exercise.points} points</p>
      {/* Rendered and sanitised on the server (commonmark-java: raw HTML escaped, unsafe links dropped). */}
      <div className="exercise-instructions" dangerouslySetInnerHTML={{ __html: current.exercise.instructionsHtml }} />
      <h3 id="versions-h">Versions</h3>
      <table aria-labelledby="versions-h" data-testid="authored-versions">
        <thead><tr><th scope="col">Version</th><th scope="col">Title</th><th scope="col">Points</th><th scope="col">By</th><th scope="col">Saved</th></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}><td>{v.version}</td><td>{v.title}</td><td>{v.points}</td><td>{v.author}</td>
              <td><time dateTime={v.createdAt}>{new Date(v.createdAt).toLocaleString()}</time></td></tr>
          ))}
        </tbody>
      </table>
      <AssignForm id={id} version={current.latestVersion} />
    </section>
  );
}

function TextField({ id, label, value, error, onChange, disabled, numeric }: {
  id: string; label: string; value: string; error?: string; onChange: (v: string) => void; disabled?: boolean; numeric?: boolean;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input id={id} value={value} disabled={disabled} inputMode={numeric ? 'numeric' : 'text'} aria-invalid={!!error}
        aria-describedby={error ? messageId(id) : undefined} onChange={(e) => onChange(e.target.value)} data-testid={id} />
      <FieldMessage fieldId={id} error={error} />
    </label>
  );
}

/** Assigns the newest version to a course the caller teaches: the course keeps that version. */
function AssignForm({ id, version }: { id: string; version: number }) {
  const [courses, setCourses] = useState<Course[]>([]);
  const [courseId, setCourseId] = useState('');
  const [due, setDue] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => {
    api.courses().then((all) => setCourses(all.filter((c) => c.myRole === 'instructor')), () => setCourses([]));
  }, []);
  const chosen = courseId || courses[0]?.id || '';
  const assign = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const a = await assignmentsApi.assign(chosen, id, dueAtFromLocal(due));
      setMessage({ error: false, text: `Assigned version ${a.exerciseVersion ?? version} to ${courses.find((c) => c.id === chosen)?.name ?? 'the course'}.` });
    } catch (err) {
      const p = problemOf(err);
      setMessage({ error: true, text: (p.errors ?? []).map((f) => f.message).join('; ') || p.detail || 'Refused' });
    }
  };
  return (
    <>
      <h3 id="assign-h">Assign to a course</h3>
      {courses.length === 0 ? <p className="muted">You teach no course yet.</p> : (
        <form onSubmit={assign} className="inline-form" aria-labelledby="assign-h" noValidate>
          <label className="field"><span>Course</span>
            <select value={chosen} onChange={(e) => setCourseId(e.target.value)} data-testid="authored-assign-course">
              {courses.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.term})</option>)}
            </select></label>
          <label className="field"><span>Due (optional)</span>
            <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} data-testid="authored-assign-due" /></label>
          <button type="submit" data-testid="authored-assign-submit">Assign version {version}</button>
        </form>
      )}
      {message && <p className={message.error ? 'field-error' : 'muted'} role={message.error ? 'alert' : 'status'}
        data-testid="authored-assign-message">{message.text}</p>}
    </>
  );
}
