import { useState, type FormEvent } from 'react';
import { api, type FloodStep, type Session } from '../api';
import { checkFlood, recipeFor, toFloodRequest, type FloodDraft } from '../lib/flood';
import { formatMicros } from '../lib/ladder';
import { placeProblem, problemOf } from '../lib/problems';
import FieldMessage, { LabeledInput } from './FieldMessage';

interface Props {
  session: Session;
  /** Called with the flood step once it has run, to reload history, series and connections. */
  onDone: (step: FloodStep) => Promise<void>;
  onAlert: (messages: string[]) => void;
  /** The texts of the history's flood notes (flood-started/-ended): what the history keeps and why. */
  notes: string[];
}

const FIELDS: { key: keyof FloodDraft; field: string; label: string }[] = [
  { key: 'syns', field: 'syns', label: 'Spoofed SYNs' },
  { key: 'ratePerSecond', field: 'ratePerSecond', label: 'SYNs per second' },
  { key: 'startMillis', field: 'startMillis', label: 'Start (ms into the step)' },
  { key: 'durationMillis', field: 'durationMillis', label: 'Duration (ms, empty = as needed)' },
  { key: 'clients', field: 'legitimate.clients', label: 'Legitimate clients' },
  { key: 'clientRate', field: 'legitimate.ratePerSecond', label: 'Clients per second' },
  { key: 'bucketMillis', field: 'bucketMillis', label: 'Bucket (ms)' },
];

const idOf = (key: string) => `flood-${key}`;

/** POST /flood: an attack of spoofed SYNs, legitimate clients meanwhile, counted per bucket. */
export default function FloodForm({ session, onDone, onAlert, notes }: Props) {
  const [d, setD] = useState<FloodDraft>(() => recipeFor(session.template, session.server.address));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<FloodStep | null>(null);
  const local = checkFlood(d, [session.client.address, session.server.address]);
  const errors = { ...serverErrors, ...local };
  const update = (patch: Partial<FloodDraft>) => { setD((x) => ({ ...x, ...patch })); setServerErrors({}); };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (Object.keys(local).length) {
      document.querySelector<HTMLElement>('.flood-form [aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const step = await api.flood(session.id, toFloodRequest(d));
      setLast(step);
      onAlert([]);
      await onDone(step);
    } catch (err) {
      const shown = new Set([...FIELDS.map((f) => f.field), 'sources', 'sources.cidr', 'legitimate.preset']);
      const placed = placeProblem(problemOf(err), shown);
      setServerErrors(placed.byField);
      onAlert(placed.general);
    } finally {
      setBusy(false);
    }
  }

  const input = (key: keyof FloodDraft, field: string, label: string) => (
    <LabeledInput key={key} id={idOf(key)} label={label} value={d[key]} error={errors[field]} onChange={(v) => update({ [key]: v })} />
  );

  return (
    <section className="panel flood-form" aria-labelledby="flood-form-h">
      <h2 id="flood-form-h">SYN flood</h2>
      <form onSubmit={submit} noValidate>
        <div className="number-grid">
          {FIELDS.slice(0, 2).map((f) => input(f.key, f.field, f.label))}
        </div>
        <fieldset>
          <legend>Spoofed sources</legend>
          <label className="check"><input type="radio" name="flood-sources" checked={d.sources === 'cidr'} onChange={() => update({ sources: 'cidr' })} data-testid="flood-sources-cidr" /> from a prefix, in order</label>
          <label className="check"><input type="radio" name="flood-sources" checked={d.sources === 'random'} onChange={() => update({ sources: 'random' })} data-testid="flood-sources-random" /> random addresses</label>
          {d.sources === 'cidr' && (
            <LabeledInput id="flood-cidr" label="Prefix (CIDR)" numeric={false} value={d.cidr} error={errors['sources.cidr'] ?? errors['sources']} onChange={(cidr) => update({ cidr })} />
          )}
        </fieldset>
        <div className="number-grid">
          {FIELDS.slice(2, 4).map((f) => input(f.key, f.field, f.label))}
        </div>
        <fieldset>
          <legend>Legitimate clients meanwhile</legend>
          <div className="number-grid">
            {FIELDS.slice(4, 6).map((f) => input(f.key, f.field, f.label))}
            <label className="field">
              <span>Client stack</span>
              <select value={d.preset} onChange={(e) => update({ preset: e.target.value as FloodDraft['preset'] })} data-testid="flood-preset">
                <option value="linux">Linux</option><option value="windows">Windows</option><option value="macos">macOS</option>
              </select>
              <FieldMessage fieldId="flood-preset" error={errors['legitimate.preset']} />
            </label>
          </div>
        </fieldset>
        <div className="number-grid">{FIELDS.slice(6).map((f) => input(f.key, f.field, f.label))}</div>
        <button type="submit" className="primary" disabled={busy} aria-disabled={Object.keys(local).length > 0} data-testid="flood-start">
          {busy ? 'Flooding…' : 'Start the flood'}
        </button>
      </form>
      {last && (
        <div className="flood-stored small" data-testid="flood-result" data-step={last.step} data-event-count={last.eventCount} data-first-event={last.firstEvent}>
          <p>
            Step {last.step} ran from {formatMicros(last.startedAtMicros)} to {formatMicros(last.endedAtMicros)} of virtual time.
            {' '}The history keeps <strong>{last.eventCount} events</strong> of it (from event {last.firstEvent}); everything else is counted in the series.
          </p>
        </div>
      )}
      {notes.length > 0 && (
        <ul className="small muted" data-testid="flood-notes">{notes.map((n, i) => <li key={i}>{n}</li>)}</ul>
      )}
    </section>
  );
}
