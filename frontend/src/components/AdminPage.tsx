import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type AdminAccount, type IssuedPassword, type Role } from '../api';
import { problemOf } from '../lib/problems';
import { isAdmin, useMe } from '../lib/session-context';
import { LabeledInput } from './FieldMessage';

const ROLES: Role[] = ['STUDENT', 'INSTRUCTOR', 'ADMIN'];

/** Account administration: create accounts, change roles, reset passwords, disable. Admins only. */
export default function AdminPage() {
  const { me } = useMe();
  const [users, setUsers] = useState<AdminAccount[]>([]);
  const [form, setForm] = useState({ username: '', displayName: '', email: '', role: 'STUDENT' as Role });
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setUsers((await api.adminUsers()).items), []);
  useEffect(() => { if (isAdmin(me)) void load(); }, [load, me]);
  if (!isAdmin(me)) return <div className="page narrow"><p className="notice">There is nothing here.</p></div>;

  const act = (f: () => Promise<unknown>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    try { await f(); await load(); } catch (err) {
      const p = problemOf(err);
      setError((p.errors ?? []).map((x) => `${x.field}: ${x.message}`).join('; ') || (p.detail ?? 'Failed'));
    }
  };

  return (
    <div className="page">
      <h1>Accounts</h1>
      {error && <p className="field-error" role="alert">{error}</p>}
      {issued && (
        <div className="notice" role="status" data-testid="issued-password">
          Password for <code>{issued.account.username}</code>: <code>{issued.password}</code> (shown once; hand it over, they can change it).
          {' '}<button type="button" onClick={() => setIssued(null)}>Done</button>
        </div>
      )}
      <section className="panel" aria-labelledby="newuser-h">
        <h2 id="newuser-h">New account</h2>
        <form className="inline-form" noValidate onSubmit={act(async () => {
          setIssued(await api.adminCreateUser(form.username, form.displayName, form.role, form.email || undefined));
          setForm({ username: '', displayName: '', email: '', role: 'STUDENT' });
        })}>
          <LabeledInput id="newuser-username" label="Username" value={form.username} onChange={(v) => setForm({ ...form, username: v })} numeric={false} />
          <LabeledInput id="newuser-name" label="Name" value={form.displayName} onChange={(v) => setForm({ ...form, displayName: v })} numeric={false} />
          <LabeledInput id="newuser-email" label="E-mail" value={form.email} onChange={(v) => setForm({ ...form, email: v })} numeric={false} />
          <label className="field"><span>Role</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="newuser-role">
              {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
            </select></label>
          <button type="submit" data-testid="newuser-submit">Create</button>
        </form>
      </section>
      <section className="panel" aria-labelledby="users-h">
        <h2 id="users-h">All accounts</h2>
        <table className="table" data-testid="user-list">
          <thead><tr><th>Username</th><th>Name</th><th>Role</th><th>May sign in</th><th /></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td><td>{u.displayName}</td>
                <td><select aria-label={`Role of ${u.username}`} value={u.role}
                  onChange={(e) => void act(() => api.adminUpdateUser(u.id, { role: e.target.value as Role }))()}>
                  {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                </select></td>
                <td><input type="checkbox" aria-label={`${u.username} may sign in`} checked={u.enabled}
                  onChange={(e) => void act(() => api.adminUpdateUser(u.id, { enabled: e.target.checked }))()} /></td>
                <td><button type="button" onClick={() => void act(async () => setIssued(await api.adminResetPassword(u.id)))()}>Reset password</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
