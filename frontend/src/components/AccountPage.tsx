import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type CreatedToken, type TokenView } from '../api';
import { placeProblem, problemOf } from '../lib/problems';
import { useMe } from '../lib/session-context';
import { LabeledInput } from './FieldMessage';

/** The signed-in account's own settings: its password and the API tokens its scripts use. */
export default function AccountPage() {
  const { me } = useMe();
  if (!me?.account) return <div className="page narrow"><p className="notice">Sign in to manage your account. <a href="#/signin">Sign in</a></p></div>;
  return (
    <div className="page narrow">
      <h1>Your account</h1>
      <p className="muted">{me.account.displayName} ({me.account.username}) · {me.account.role.toLowerCase()}</p>
      <PasswordForm />
      <Tokens />
    </div>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    try {
      await api.changePassword(current, next);
      setCurrent(''); setNext(''); setErrors({}); setDone(true);
    } catch (err) {
      const placed = placeProblem(problemOf(err), new Set(['currentPassword', 'newPassword']));
      setErrors({ ...placed.byField, ...(placed.general.length ? { general: placed.general.join(' ') } : {}) });
    }
  };
  return (
    <section className="panel" aria-labelledby="password-h">
      <h2 id="password-h">Change password</h2>
      <form onSubmit={submit} noValidate>
        <label className="field"><span>Current password</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" /></label>
        {errors.currentPassword && <p className="field-error">{errors.currentPassword}</p>}
        <label className="field"><span>New password (10 characters or more)</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="password-new" /></label>
        {errors.newPassword && <p className="field-error">{errors.newPassword}</p>}
        {errors.general && <p className="field-error" role="alert">{errors.general}</p>}
        <button type="submit" data-testid="password-submit">Change password</button>
        {done && <span className="field-note" role="status"> Password changed.</span>}
      </form>
    </section>
  );
}

function Tokens() {
  const [tokens, setTokens] = useState<TokenView[]>([]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setTokens(await api.tokens()), []);
  useEffect(() => { void load(); }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const d = days.trim() === '' ? null : Number(days);
      const expires = d === null ? undefined : new Date(Date.now() + d * 86_400_000).toISOString();
      setCreated(await api.createToken(name, expires));
      setName('');
      await load();
    } catch (err) {
      const p = problemOf(err);
      setError(p.detail ?? p.title ?? 'Could not create the token');
    }
  };

  return (
    <section className="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted">Scripts send a token as <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once, when it is created; the server keeps only its hash.</p>
      <form onSubmit={create} noValidate className="inline-form">
        <LabeledInput id="token-name" label="Name" value={name} onChange={setName} numeric={false} />
        <LabeledInput id="token-days" label="Expires in days (empty: never)" value={days} onChange={setDays} size={6} />
        <button type="submit" data-testid="token-create">Create token</button>
      </form>
      {error && <p className="field-error" role="alert">{error}</p>}
      {created && (
        <div className="notice" role="status" data-testid="token-created">
          <p>Copy your new token <strong>{created.name}</strong> now; it will not be shown again:</p>
          <p><code className="token" data-testid="token-value">{created.token}</code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.token)}>Copy</button>{' '}
            <button type="button" onClick={() => setCreated(null)}>Done</button></p>
        </div>
      )}
      <table className="table" data-testid="token-list">
        <thead><tr><th>Name</th><th>Starts with</th><th>Created</th><th>Expires</th><th>Status</th><th /></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td><td><code>{t.prefix}…</code></td>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : 'never'}</td>
              <td>{t.revokedAt ? 'revoked' : t.active ? 'active' : 'expired'}</td>
              <td>{t.active && <button type="button" data-testid={`token-revoke-${t.name}`}
                onClick={() => void api.revokeToken(t.id).then(load)}>Revoke</button>}</td>
            </tr>
          ))}
          {tokens.length === 0 && <tr><td colSpan={6} className="muted">No tokens yet.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
