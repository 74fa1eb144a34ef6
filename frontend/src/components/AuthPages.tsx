import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { placeProblem, problemOf } from '../lib/problems';
import { useMe } from '../lib/session-context';
import FieldMessage, { LabeledInput, messageId } from './FieldMessage';

/** A password input with its label and error; never echoed anywhere else. */
function PasswordInput({ id, label, value, onChange, error, autoComplete }: {
  id: string; label: string; value: string; onChange: (v: string) => void; error?: string; autoComplete: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input id={id} type="password" autoComplete={autoComplete} value={value} onChange={(e) => onChange(e.target.value)}
        data-testid={id} aria-invalid={!!error} aria-describedby={error ? messageId(id) : undefined} />
      <FieldMessage fieldId={id} error={error} />
    </label>
  );
}

export function SignInPage() {
  const { refresh, me } = useMe();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.signIn(username, password);
      await refresh();
      window.location.hash = '#/';
    } catch (err) {
      const p = problemOf(err);
      setError(p.detail ?? p.title ?? 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <section className="panel" aria-labelledby="signin-h">
        <h1 id="signin-h">Sign in</h1>
        {me?.guest && <p className="muted">The sessions you started as a guest in this browser move to your account.</p>}
        <form onSubmit={submit} noValidate>
          <LabeledInput id="signin-username" label="Username" value={username} onChange={setUsername} numeric={false} />
          <PasswordInput id="signin-password" label="Password" value={password} onChange={setPassword} autoComplete="current-password" />
          {error && <p className="field-error" role="alert" data-testid="signin-error">{error}</p>}
          <button type="submit" disabled={busy} data-testid="signin-submit">Sign in</button>
        </form>
        {me?.signUp.enabled && <p>No account yet? <a href="#/signup">Sign up</a>.</p>}
      </section>
    </div>
  );
}

const SIGN_UP_FIELDS = new Set(['username', 'password', 'displayName', 'email', 'joinCode']);

export function SignUpPage() {
  const { me, refresh } = useMe();
  const [form, setForm] = useState({ username: '', password: '', displayName: '', email: '', joinCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  if (me && !me.signUp.enabled) {
    return <div className="page narrow"><p className="notice">This deployment does not take sign-ups; ask your instructor or an admin.</p></div>;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.signUp({ ...form, email: form.email || undefined, joinCode: form.joinCode || undefined, displayName: form.displayName || undefined });
      await api.signIn(form.username, form.password);
      await refresh();
      window.location.hash = '#/';
    } catch (err) {
      const placed = placeProblem(problemOf(err), SIGN_UP_FIELDS);
      setErrors(placed.byField);
      setGeneral(placed.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <section className="panel" aria-labelledby="signup-h">
        <h1 id="signup-h">Create your account</h1>
        <form onSubmit={submit} noValidate>
          <LabeledInput id="signup-username" label="Username" value={form.username} onChange={set('username')} numeric={false} error={errors.username} />
          <LabeledInput id="signup-displayName" label="Your name" value={form.displayName} onChange={set('displayName')} numeric={false} error={errors.displayName} />
          <LabeledInput id="signup-email" label="E-mail (optional)" value={form.email} onChange={set('email')} numeric={false} error={errors.email} />
          <PasswordInput id="signup-password" label="Password (10 characters or more)" value={form.password} onChange={set('password')} error={errors.password} autoComplete="new-password" />
          <LabeledInput id="signup-joinCode" label={me?.signUp.requiresJoinCode ? 'Course join code' : 'Course join code (optional)'}
            value={form.joinCode} onChange={set('joinCode')} numeric={false} error={errors.joinCode} />
          {general.map((g) => <p key={g} className="field-error" role="alert">{g}</p>)}
          <button type="submit" disabled={busy} data-testid="signup-submit">Sign up</button>
        </form>
        <p>Have an account? <a href="#/signin">Sign in</a>.</p>
      </section>
    </div>
  );
}
