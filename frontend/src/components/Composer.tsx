import { useMemo, useState, type FormEvent } from 'react';
import { api, type Segment, type Session } from '../api';
import { ackFor, synAckFor, ALL_FLAGS, checkComposer, portOf, initialComposer, presetState, randomSeq, swapEnds, toggleFlag, toRequest, type ComposerState } from '../lib/composer';
import { SYN_PRESETS } from '../lib/options';
import { placeProblem } from '../lib/problems';
import { FLAG_BITS } from '../lib/tcpHeader';
import FieldMessage, { messageId } from './FieldMessage';
import OptionListEditor from './OptionListEditor';
import type { RunStep } from './SessionPage';

interface Props {
  session: Session;
  /** The SYN-ACK to answer: the one chosen in the ladder, else the latest one. */
  synAck: Segment | null;
  /** A SYN or SYN-ACK the client sent, chosen in the ladder: answerable from the socket it went to (simultaneous open). */
  clientSyn: Segment | null;
  run: RunStep;
  onAlert: (messages: string[]) => void;
}

type TextKey = 'seq' | 'ack' | 'window' | 'urgentPointer' | 'fromAddress' | 'fromPort' | 'toAddress' | 'toPort';
type TextField = { key: TextKey; field: string; label: string; testid: string };

const NUMBER_FIELDS: TextField[] = [
  { key: 'seq', field: 'seq', label: 'Sequence number', testid: 'composer-seq' },
  { key: 'ack', field: 'ack', label: 'Acknowledgment number', testid: 'composer-ack' },
  { key: 'window', field: 'window', label: 'Window', testid: 'composer-window' },
  { key: 'urgentPointer', field: 'urgentPointer', label: 'Urgent pointer', testid: 'composer-urgent' },
];

const ADDRESS_FIELDS: TextField[] = [
  { key: 'fromAddress', field: 'from.address', label: 'From address', testid: 'composer-from-address' },
  { key: 'fromPort', field: 'from.port', label: 'From port', testid: 'composer-from-port' },
  { key: 'toAddress', field: 'to.address', label: 'To address', testid: 'composer-to-address' },
  { key: 'toPort', field: 'to.port', label: 'To port', testid: 'composer-to-port' },
];

export default function Composer({ session, synAck, clientSyn, run, onAlert }: Props) {
  const [state, setState] = useState<ComposerState>(() =>
    initialComposer(undefined, { client: session.client.address, server: session.server.address, serverPort: session.server.port }));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const check = useMemo(() => checkComposer(state), [state]);
  const errors = { ...serverErrors, ...check.errors };
  const valid = Object.keys(check.errors).length === 0;

  const update = (patch: Partial<ComposerState>) => { setState((s) => ({ ...s, ...patch })); setServerErrors({}); };

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!valid) {
      document.querySelector<HTMLElement>('.composer [aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    const problem = await run(() => api.sendSegment(session.id, toRequest(state)));
    setBusy(false);
    if (problem) {
      const shown = new Set([...NUMBER_FIELDS, ...ADDRESS_FIELDS].map((f) => f.field).concat(['payloadHex', 'rawHex', 'options', 'flags',
        ...state.options.flatMap((o, i) => Object.keys(o).map((k) => `options[${i}].${k}`))]));
      const placed = placeProblem(problem, shown);
      setServerErrors(placed.byField);
      onAlert(placed.general);
    }
  }

  const textField = ({ key, field, label, testid }: TextField) => (
    <label className="field" key={key}>
      <span>{label}</span>
      <span className="inline">
        <input id={testid} inputMode={key.endsWith('Address') ? (state[key].includes(':') ? 'text' : 'decimal') : 'numeric'} value={state[key]} onChange={(e) => update({ [key]: e.target.value })}
          aria-invalid={!!errors[field]} aria-describedby={errors[field] ? messageId(testid) : undefined} data-testid={testid} />
        {key === 'seq' && <button type="button" onClick={() => update({ seq: String(randomSeq()) })} data-testid="composer-seq-random">Random</button>}
      </span>
      <FieldMessage fieldId={testid} error={errors[field]} />
    </label>
  );

  return (
    <section className="panel composer" aria-labelledby="composer-h">
      <h2 id="composer-h">Send a segment</h2>
      <form onSubmit={send} noValidate>
        <div className="inline" role="radiogroup" aria-label="Input mode">
          <label className="check"><input type="radio" name="mode" checked={state.mode === 'fields'} onChange={() => update({ mode: 'fields' })} data-testid="composer-mode-fields" /> Fields</label>
          <label className="check"><input type="radio" name="mode" checked={state.mode === 'raw'} onChange={() => update({ mode: 'raw' })} data-testid="composer-mode-raw" /> Raw hex (whole IPv4 or IPv6 datagram)</label>
        </div>
        {state.mode === 'raw' ? (
          <label className="field">
            <span>IP datagram (IPv4 or IPv6), hex (spaces allowed)</span>
            <textarea id="composer-raw" rows={5} value={state.rawHex} spellCheck={false} onChange={(e) => update({ rawHex: e.target.value })}
              aria-invalid={!!errors.rawHex} aria-describedby={errors.rawHex ? messageId('composer-raw') : undefined} data-testid="composer-raw-hex" />
            <FieldMessage fieldId="composer-raw" error={errors.rawHex} />
          </label>
        ) : (
          <>
            <div className="inline presets">
              <span>Preset SYN:</span>
              {SYN_PRESETS.map((p) => (
                <button key={p.id} type="button" onClick={() => { setState((s) => presetState(p, { ...s, flags: ['SYN'], ack: '0' })); setServerErrors({}); }}
                  data-testid={`composer-preset-${p.id}`}>{p.label}</button>
              ))}
            </div>
            {synAck && (
              <p className="small">
                <button type="button" onClick={() => { setState((s) => ackFor(synAck, s)); setServerErrors({}); }} data-testid="composer-fill-ack">
                  Fill in the ACK
                </button>{' '}
                for the SYN-ACK with seq {synAck.seq} to port {portOf(synAck.to)}
              </p>
            )}
            {clientSyn && (
              <p className="small">
                <button type="button" onClick={() => { setState((s) => synAckFor(clientSyn, s)); setServerErrors({}); }} data-testid="composer-fill-synack">
                  Fill in a SYN-ACK
                </button>{' '}
                from {clientSyn.to} answering the client's {clientSyn.letters} with seq {clientSyn.seq}
              </p>
            )}
            <fieldset className="flags">
              <legend>Flags</legend>
              {ALL_FLAGS.map((f) => {
                const bit = FLAG_BITS.find((b) => b.name === f)!;
                return (
                  <label key={f} className={`flag-check${state.flags.includes(f) ? ' on' : ''}`} title={bit.meaning}>
                    <input type="checkbox" checked={state.flags.includes(f)} onChange={() => update({ flags: toggleFlag(state.flags, f) })} data-testid={`composer-flag-${f}`} />
                    {f}
                  </label>
                );
              })}
              <FieldMessage fieldId="composer-flags" error={errors.flags} note={check.notes.flags} />
            </fieldset>
            <fieldset className="addresses">
              <legend>Addresses</legend>
              <div className="number-grid">{ADDRESS_FIELDS.map(textField)}</div>
              <button type="button" onClick={() => update(swapEnds(state))} data-testid="composer-swap"
                aria-label="Swap from and to: send from the other end, e.g. the crossing SYN of a simultaneous open">⇄ Swap from and to</button>
            </fieldset>
            <div className="number-grid">{NUMBER_FIELDS.map(textField)}</div>
            <OptionListEditor options={state.options} onChange={(options) => update({ options })} errors={errors} notes={check.notes} />
            <label className="field">
              <span>Payload (hex, usually empty on a SYN)</span>
              <input id="composer-payload" value={state.payloadHex} spellCheck={false} onChange={(e) => update({ payloadHex: e.target.value })}
                aria-invalid={!!errors.payloadHex} aria-describedby={errors.payloadHex ? messageId('composer-payload') : undefined} data-testid="composer-payload" />
              <FieldMessage fieldId="composer-payload" error={errors.payloadHex} />
            </label>
          </>
        )}
        <button type="submit" className="primary" disabled={busy} aria-disabled={!valid} data-testid="composer-send">
          {busy ? 'Sending…' : 'Send'}
        </button>
        {!valid && <span className="field-error" data-testid="composer-invalid"> Fix the marked fields first.</span>}
      </form>
    </section>
  );
}
