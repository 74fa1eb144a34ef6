import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, isUnreachable, type Course, type CreateSession, type Page, type Profile, type Session, type Template } from '../api';
import { useMe } from '../lib/session-context';
import { openSession } from '../App';
import { checkNetwork, LAB_NETWORKS, networkRequest, templateNetwork, type NetworkDraft } from '../lib/network';
import { ipVersionOf } from '../lib/fields';
import { changedOverrides, checkKnobs, describeOverrides, SCRATCH_KNOBS, templateKnobs, toOverrides, type KnobDraft } from '../lib/knobs';
import { checkPath, fromPathSpec, isDirect, toPathRequest, type PathDraft } from '../lib/path';
import { placeProblem, problemOf } from '../lib/problems';
import Alerts from './Alerts';
import FieldMessage, { LabeledInput, messageId } from './FieldMessage';
import PathEditor, { PathSummary } from './PathEditor';

const SCRATCH = '';
const PAGE_SIZE = 20;

export default function SessionsView() {
  const [sessions, setSessions] = useState<Page<Session> | null>(null);
  const [page, setPage] = useState(0);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [unreachable, setUnreachable] = useState(false);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    const [s, t, p] = await Promise.allSettled([api.listSessions(page, PAGE_SIZE), api.templates(), api.profiles()]);
    setLoading(false);
    const failures = [s, t, p].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const problems = failures.map((f) => problemOf(f.reason));
    setUnreachable(problems.some(isUnreachable));
    // When nothing answers, the notice below says so once; other failures go to the alert region.
    setAlerts(problems.filter((p) => !isUnreachable(p)).map((p) => p.detail ?? p.title ?? `HTTP ${p.status}`).filter((m, i, a) => a.indexOf(m) === i));
    if (s.status === 'fulfilled') setSessions(s.value);
    if (t.status === 'fulfilled') setTemplates(t.value);
    if (p.status === 'fulfilled') setProfiles(p.value);
  }, [page]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div className="page sessions-page">
      <h1 className="page-title">Your TCP handshake lab</h1>
      <Alerts messages={alerts} onDismiss={() => setAlerts([])} />
      {unreachable && (
        <p className="notice" data-testid="server-unreachable">
          The Handshake Lab server does not answer. Start it with <code>./mvnw spring-boot:run</code>, then{' '}
          <button type="button" onClick={() => void load()}>try again</button>.
        </p>
      )}
      {loading && <p className="muted" aria-live="polite" data-testid="sessions-loading">Loading sessions and templates…</p>}
      <div className="two-col">
        <NewSession templates={templates} profiles={profiles} onAlert={setAlerts} />
        <SessionList sessions={sessions} loading={loading} onPage={setPage} onChanged={load} onAlert={setAlerts} />
      </div>
    </div>
  );
}

function NewSession({ templates, profiles, onAlert }: { templates: Template[]; profiles: Profile[]; onAlert: (m: string[]) => void }) {
  const [name, setName] = useState('my lab');
  const [template, setTemplate] = useState<string>('basic-handshake');
  const [profile, setProfile] = useState('linux');
  const [seed, setSeed] = useState('42');
  const [knobs, setKnobs] = useState<KnobDraft>(SCRATCH_KNOBS);
  const [network, setNetwork] = useState<NetworkDraft>(LAB_NETWORKS[4]);
  const [path, setPath] = useState<PathDraft>({ boxes: [], forward: [], back: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { me } = useMe();
  const [courses, setCourses] = useState<Course[]>([]);
  const [courseId, setCourseId] = useState('');
  useEffect(() => {
    if (!me?.account) return;
    void api.courses().then((cs) => {
      setCourses(cs);
      // a student in exactly one course works for it unless they choose otherwise
      const attended = cs.filter((c) => c.myRole === 'student');
      if (attended.length === 1) setCourseId(attended[0].id);
    }).catch(() => setCourses([]));
  }, [me]);

  // Without the chosen template on offer (e.g. templates failed to load), start from scratch.
  const chosen = templates.find((t) => t.id === template);
  const scratch = !chosen;
  // A template's knobs and path as its sessions get them: the form starts there, and only what
  // the student changes is sent, laid over the template's by the server.
  const baseKnobs = useMemo(() => (chosen ? templateKnobs(chosen, profiles) : SCRATCH_KNOBS), [chosen, profiles]);
  const basePath = useMemo(() => fromPathSpec(chosen?.defaults.path), [chosen]);
  const baseNetwork = useMemo(() => templateNetwork(chosen), [chosen]);
  useEffect(() => { setKnobs(baseKnobs); setPath(basePath); setNetwork(baseNetwork); setErrors({}); }, [baseKnobs, basePath, baseNetwork]);
  const knobChanges = chosen ? changedOverrides(knobs, baseKnobs) : {};
  const pathChanged = !!chosen && JSON.stringify(toPathRequest(path)) !== JSON.stringify(toPathRequest(basePath));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'give the session a name';
    if (!/^\d+$/.test(seed)) local.seed = 'digits only';
    Object.assign(local, checkKnobs(knobs), checkPath(path), checkNetwork(network));
    setErrors(local);
    if (Object.keys(local).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.sessions-page [aria-invalid="true"]')?.focus());
      return;
    }
    const body: CreateSession = scratch
      ? {
        name: name.trim(), seed: Number(seed), profile,
        overrides: toOverrides(knobs),
        ...(path.boxes.length ? { path: toPathRequest(path) } : {}),
        ...networkRequest(network, baseNetwork),
      }
      : {
        name: name.trim(), seed: Number(seed), template,
        ...(Object.keys(knobChanges).length ? { overrides: knobChanges } : {}),
        ...(pathChanged ? { path: toPathRequest(path) } : {}),
        ...networkRequest(network, baseNetwork),
      };
    if (courseId) body.courseId = courseId;
    setBusy(true);
    try {
      const s = await api.createSession(body);
      openSession(s.id);
    } catch (err) {
      const p = problemOf(err);
      const pathFields = (p.errors ?? []).map((x) => x.field).filter((f) => f.startsWith('path'));
      const placed = placeProblem(p, new Set(['name', 'seed', 'profile', 'overrides.backlog', 'overrides.synackRetries', 'server.address', 'client.address', ...pathFields]));
      setErrors(placed.byField);
      onAlert(placed.general);
    } finally {
      setBusy(false);
    }
  }

  const num = (id: string, label: string, value: string, set: (v: string) => void, field: string) => (
    <LabeledInput id={id} label={label} value={value} onChange={set} error={errors[field]} />
  );

  return (
    <section className="panel" aria-labelledby="new-session-h">
      <h2 id="new-session-h">New session</h2>
      <form onSubmit={submit} noValidate>
        <label className="field">
          <span>Name</span>
          <input id="new-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="new-session-name"
            aria-invalid={!!errors.name} aria-describedby={errors.name ? messageId('new-name') : undefined} />
          <FieldMessage fieldId="new-name" error={errors.name} />
        </label>
        {courses.length > 0 && (
          <label className="field">
            <span>For course</span>
            <select value={courseId} onChange={(e) => setCourseId(e.target.value)} data-testid="new-session-course">
              <option value="">none (only you see it)</option>
              {courses.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.term})</option>)}
            </select>
          </label>
        )}
        <fieldset>
          <legend>Start from</legend>
          <div className="template-list" role="radiogroup">
            {templates.map((t) => (
              <label key={t.id} className={`template-option${template === t.id ? ' chosen' : ''}`}>
                <input type="radio" name="template" value={t.id} checked={template === t.id}
                  onChange={() => setTemplate(t.id)} data-testid={`template-${t.id}`} />
                <strong>{t.title}</strong> <span className="muted">{t.summary}</span>
              </label>
            ))}
            <label className={`template-option${scratch ? ' chosen' : ''}`}>
              <input type="radio" name="template" value="" checked={scratch} onChange={() => setTemplate(SCRATCH)} data-testid="template-scratch" />
              <strong>From scratch</strong> <span className="muted">choose a profile and a few knobs</span>
            </label>
          </div>
        </fieldset>
        {chosen && (chosen.whatToTry.length > 0 || chosen.whatToObserve.length > 0) && (
          <div className="template-details" data-testid="template-details">
            {chosen.whatToTry.length > 0 && <><h3>What to try</h3><ul>{chosen.whatToTry.map((x, i) => <li key={i}>{x}</li>)}</ul></>}
            {chosen.whatToObserve.length > 0 && <><h3>What to observe</h3><ul>{chosen.whatToObserve.map((x, i) => <li key={i}>{x}</li>)}</ul></>}
          </div>
        )}
        {chosen && !isDirect(chosen.defaults.path) && (
          <div className="template-details">
            <h3>The path in this lab</h3>
            <PathSummary path={chosen.defaults.path} testid="template-path" />
          </div>
        )}
        {scratch ? (
          <>
            <KnobFields knobs={knobs} onChange={setKnobs} errors={errors}
              profile={<label className="field">
                <span>Profile</span>
                <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="new-session-profile">
                  {(profiles.length ? profiles.map((p) => p.name) : ['linux']).map((p) => <option key={p} value={p}>{p}</option>)}
                </select>
              </label>} />
            <PathEditor draft={path} onChange={(d) => { setPath(d); setErrors({}); }} errors={errors} />
          </>
        ) : (
          // "This template, but with the firewall on both routes": the same knobs and path editor, starting from the template's.
          <details className="template-customise" data-testid="template-customise"
            open={Object.keys(errors).some((k) => k.startsWith('overrides') || k.startsWith('path')) || undefined}>
            <summary>Change this template's knobs or path</summary>
            <KnobFields knobs={knobs} onChange={setKnobs} errors={errors} />
            <PathEditor draft={path} onChange={(d) => { setPath(d); setErrors({}); }} errors={errors} />
          </details>
        )}
        {chosen && (
          <p className="small" role="status" data-testid="template-changes">
            {Object.keys(knobChanges).length === 0 && !pathChanged ? `As the template sets it up.`
              : `The template, but ${[Object.keys(knobChanges).length ? describeOverrides(knobChanges) : '', pathChanged ? 'with the path you edited' : '']
                .filter((x) => x).join('; ')}.`}
          </p>
        )}
        <NetworkFields network={network} onChange={(n) => { setNetwork(n); setErrors({}); }} errors={errors} />
        {num('new-seed', 'Seed (same seed, same run)', seed, setSeed, 'seed')}
        <button type="submit" className="primary" disabled={busy} data-testid="create-session">Create session</button>
      </form>
    </section>
  );
}

/** IPv4 or IPv6, and the two hosts' addresses: choosing a version puts in that version's lab addresses. */
function NetworkFields({ network, onChange, errors }: { network: NetworkDraft; onChange: (n: NetworkDraft) => void; errors: Record<string, string> }) {
  const version = ipVersionOf(network.server);
  return (
    <fieldset className="network" data-testid="new-session-network">
      <legend>Network</legend>
      <div className="inline" role="radiogroup" aria-label="IP version">
        {([4, 6] as const).map((v) => (
          <label className="check" key={v}>
            <input type="radio" name="ip-version" checked={version === v} onChange={() => onChange(LAB_NETWORKS[v])} data-testid={`new-session-ipv${v}`} />
            {' '}IPv{v} <span className="muted">({LAB_NETWORKS[v].client} → {LAB_NETWORKS[v].server})</span>
          </label>
        ))}
      </div>
      <LabeledInput id="new-session-server-address" label="Server address" value={network.server} numeric={false}
        onChange={(server) => onChange({ ...network, server })} error={errors['server.address']} />
      <LabeledInput id="new-session-client-address" label="Client address" value={network.client} numeric={false}
        onChange={(client) => onChange({ ...network, client })} error={errors['client.address']} />
    </fieldset>
  );
}

/** The server knobs the form offers, from scratch or over a template's. */
function KnobFields({ knobs, onChange, errors, profile }: { knobs: KnobDraft; onChange: (k: KnobDraft) => void; errors: Record<string, string>; profile?: ReactNode }) {
  const set = <K extends keyof KnobDraft>(k: K, v: KnobDraft[K]) => onChange({ ...knobs, [k]: v });
  const flag = (k: 'timestamps' | 'sack' | 'windowScaling' | 'abortOnOverflow', label: string, testid: string) => (
    <label className="check"><input type="checkbox" checked={knobs[k]} onChange={(e) => set(k, e.target.checked)} data-testid={testid} /> {label}</label>
  );
  return (
    <fieldset className="knobs">
      <legend>Server knobs</legend>
      {profile}
      {flag('timestamps', 'timestamps', 'new-timestamps')}
      {flag('sack', 'SACK', 'new-sack')}
      {flag('windowScaling', 'window scaling', 'new-window-scaling')}
      {flag('abortOnOverflow', 'tcp_abort_on_overflow (RST when the accept queue is full)', 'new-abort-on-overflow')}
      <label className="field">
        <span>tcp_syncookies</span>
        <select value={knobs.syncookies} onChange={(e) => set('syncookies', e.target.value)} data-testid="new-syncookies">
          <option value="0">0 — never</option>
          <option value="1">1 — when the SYN queue overflows</option>
          <option value="2">2 — always</option>
        </select>
      </label>
      <LabeledInput id="new-backlog" label="listen backlog" value={knobs.backlog} onChange={(v) => set('backlog', v)} error={errors['overrides.backlog']} />
      <LabeledInput id="new-synack-retries" label="tcp_synack_retries" value={knobs.synackRetries} onChange={(v) => set('synackRetries', v)} error={errors['overrides.synackRetries']} />
    </fieldset>
  );
}

function SessionList({ sessions: list, loading, onPage, onChanged, onAlert }: { sessions: Page<Session> | null; loading: boolean; onPage: (p: number) => void; onChanged: () => Promise<void>; onAlert: (m: string[]) => void }) {
  const sessions = list?.items ?? null;
  const pages = list ? Math.max(1, Math.ceil(list.total / list.size)) : 1;
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      await onChanged();
    } catch (e) {
      onAlert(placeProblem(problemOf(e), new Set()).general);
    }
  }

  return (
    <section className="panel" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      {sessions === null ? <p className="muted">{loading ? 'Loading…' : 'The session list could not be loaded.'}</p> : sessions.length === 0 ? <p className="muted">No sessions yet: create one.</p> : (
        <table className="table" data-testid="session-list">
          <thead><tr><th scope="col">Name</th><th scope="col">Template</th><th scope="col">Steps</th><th scope="col">Updated</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid={`session-row-${s.id}`}>
                <td>
                  {renaming === s.id ? (
                    <form onSubmit={(e) => { e.preventDefault(); setRenaming(null); void act(() => api.renameSession(s.id, newName)); }}>
                      <label className="sr-only" htmlFor={`rename-${s.id}`}>New name</label>
                      <input id={`rename-${s.id}`} value={newName} autoFocus onChange={(e) => setNewName(e.target.value)} data-testid="rename-input" />
                      <button type="submit" data-testid="rename-save">Save</button>
                      <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
                    </form>
                  ) : <a href={`#/sessions/${encodeURIComponent(s.id)}`} data-testid="session-open">{s.name}</a>}
                </td>
                <td>{s.template ?? `scratch (${s.profile})`}</td>
                <td>{s.steps}</td>
                <td><time dateTime={s.updatedAt}>{new Date(s.updatedAt).toLocaleString()}</time></td>
                <td className="actions">
                  <button type="button" onClick={() => { setRenaming(s.id); setNewName(s.name); }} data-testid="session-rename">Rename</button>
                  <button type="button" className="danger" data-testid="session-delete"
                    onClick={() => { if (window.confirm(`Delete session “${s.name}” and its history?`)) void act(() => api.deleteSession(s.id)); }}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && pages > 1 && (
        <nav className="inline pager" aria-label="Session pages">
          <button type="button" disabled={list.page === 0} onClick={() => onPage(list.page - 1)} data-testid="sessions-prev">Previous</button>
          <span data-testid="sessions-page">Page {list.page + 1} of {pages} ({list.total} sessions)</span>
          <button type="button" disabled={list.page + 1 >= pages} onClick={() => onPage(list.page + 1)} data-testid="sessions-next">Next</button>
        </nav>
      )}
    </section>
  );
}
