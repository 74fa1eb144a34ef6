import { useState, type FormEvent } from 'react';
import { api, type CookieInspection } from '../api';
import { ackDraftFor, checkAck, cookieRows, inspectRequest, timestampRows, type AckDraft, type Row } from '../lib/cookie';
import { formatMicros, type LadderRow } from '../lib/ladder';
import { placeProblem, problemOf } from '../lib/problems';
import { LabeledInput } from './FieldMessage';

function Rows({ rows, testid }: { rows: Row[]; testid: string }) {
  return (
    <table className="table compact" data-testid={testid}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`${testid}-${r.id}`}>
            <th scope="row">{r.label}</th>
            <td className="mono">{r.value}</td>
            <td className="small">{r.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ACK_FIELDS: { key: keyof AckDraft; label: string }[] = [
  { key: 'seq', label: 'ACK seq' },
  { key: 'ack', label: 'ACK ack' },
  { key: 'atMicros', label: 'arrives at (µs)' },
  { key: 'tsEcr', label: 'TSecr (empty = none)' },
];

/** A SYN-ACK that carried a SYN cookie, opened up by POST /cookies/inspect; and a 3rd ACK checked against it. */
export default function CookiePanel({ sessionId, row, issued, onAlert }: { sessionId: string; row: LadderRow; issued: boolean; onAlert: (m: string[]) => void }) {
  const [open, setOpen] = useState<CookieInspection | null>(null);
  const [draft, setDraft] = useState<AckDraft>(() => ackDraftFor(row.segment, row.sentAtMicros));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const local = checkAck(draft);
  const errors = { ...serverErrors, ...local };

  async function inspect(withAck: boolean) {
    setBusy(true);
    try {
      setOpen(await api.inspectCookie(sessionId, inspectRequest(row.id, withAck ? draft : undefined)));
      setServerErrors({});
    } catch (e) {
      const placed = placeProblem(problemOf(e), new Set(ACK_FIELDS.map((f) => `finalAck.${f.key}`)));
      setServerErrors(placed.byField);
      onAlert(placed.general);
    } finally {
      setBusy(false);
    }
  }

  const submitAck = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(local).length === 0) void inspect(true);
  };

  if (!open) {
    return (
      <div className="cookie-open">
        <button type="button" disabled={busy} onClick={() => void inspect(false)} data-testid="cookie-open">🍪 Open the cookie</button>
        <span className="small muted">{issued
          ? ' This SYN-ACK\'s sequence number is a SYN cookie: see what it is made of.'
          : ' This server issued SYN cookies; open this SYN-ACK\'s sequence number as one to see whether it is.'}</span>
      </div>
    );
  }
  const fa = open.finalAck;
  return (
    <div className="cookie-panel" data-testid="cookie-panel" data-hash-check={open.cookie.hashCheck} data-mss={open.cookie.mss ?? ''}>
      <h3>The SYN cookie of {open.synAck.client} → {open.synAck.server}, sent at {formatMicros(open.synAck.atMicros)}</h3>
      <p className="small mono">{open.cookie.formula}</p>
      <Rows rows={cookieRows(open)} testid="cookie-part" />
      <h3>Timestamps</h3>
      <Rows rows={timestampRows(open.timestamps)} testid="cookie-ts" />
      <form className="cookie-ack" onSubmit={submitAck} noValidate>
        <h3>Check a final ACK against this cookie</h3>
        <div className="inline wrap">
          {ACK_FIELDS.map(({ key, label }) => (
            <LabeledInput key={key} id={`cookie-ack-${key}`} label={label} size={11} value={draft[key]} error={errors[`finalAck.${key}`]}
              onChange={(v) => { setDraft((d) => ({ ...d, [key]: v })); setServerErrors({}); }} />
          ))}
          <button type="submit" disabled={busy} data-testid="cookie-ack-check">Check the ACK</button>
        </div>
        <p className="small muted">Filled in with the right ACK (seq = the SYN-ACK's ack, ack = cookie + 1). Change ack by one, or the time by two minutes (120000000 µs), and check again.</p>
      </form>
      {fa && (
        <div className={`verdict ${fa.valid ? 'ok-box' : 'bad-box'}`} role="status" data-testid="cookie-verdict" data-valid={fa.valid}>
          <strong>{fa.valid ? '✔ The ACK passes' : '✖ The ACK fails'}</strong> (seq {fa.seq}, ack {fa.ack}, at {formatMicros(fa.atMicros)}
          {fa.mss != null ? `, MSS ${fa.mss}` : ''}): {fa.reason}
          {fa.echoed && <p className="small">{fa.echoed.text}: low bits {fa.echoed.decodedLowBits} → wscale {fa.echoed.wscale ?? 'none'}, SACK {fa.echoed.sack ? 'yes' : 'no'}.</p>}
        </div>
      )}
    </div>
  );
}
