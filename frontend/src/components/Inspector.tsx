import { dropPlace } from './Ladder';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Endpoint, Negotiation } from '../api';
import { formatMicros, type LadderRow } from '../lib/ladder';
import { bytesOfField, decodeTcpHeader, diagramRows, FLAG_BITS, fieldsAtByte, type DecodedHeader, type HeaderField } from '../lib/tcpHeader';
import { hexToBytes } from '../lib/hex';
import { asciiOf, decodeIpHeader, ipFieldsAtByte, offsetText, type DecodedIp } from '../lib/ipHeader';
import { ruleFor } from '../lib/why';

interface Props {
  row: LadderRow | null;
  endpoints: Endpoint[];
  /** Shown under the summary: e.g. the cookie inspector for a cookie SYN-ACK. */
  children?: ReactNode;
}

// "<outcome>: <reason>", unless the server's reason already starts by stating the outcome.
const outcome = (what: string, reason: string) =>
  reason.toLowerCase().startsWith(what.toLowerCase()) ? reason : `${what}: ${reason}`;

/** What the endpoint agreed for the option kinds that are negotiated in the handshake. */
function agreement(kind: string, n: Negotiation | null | undefined): string | null {
  if (!n) return null;
  if (kind === 'mss' && n.mss) return outcome(`agreed MSS ${n.mss.value}`, n.mss.reason);
  if (kind === 'wscale' && n.windowScale) {
    const w = n.windowScale;
    const what = w.enabled ? 'window scaling on' : 'window scaling off';
    return `${outcome(what, w.reason)}${w.enabled ? ` (send shift ${w.send}, receive shift ${w.receive})` : ''}`;
  }
  if (kind === 'sackOK' && n.sack) return outcome(n.sack.enabled ? 'SACK on' : 'SACK off', n.sack.reason);
  if (kind === 'timestamps' && n.timestamps) return outcome(n.timestamps.enabled ? 'timestamps on' : 'timestamps off', n.timestamps.reason);
  return null;
}

/** The server-side endpoint of the segment's connection (it holds the negotiation reasons). */
function endpointFor(row: LadderRow, endpoints: Endpoint[]): Endpoint | undefined {
  const { from, to } = row.segment;
  const matches = endpoints.filter((e) => e.remote && ((e.local === from && e.remote === to) || (e.local === to && e.remote === from)));
  return matches.find((e) => e.host === 'server') ?? matches[0];
}

export default function Inspector({ row, endpoints, children }: Props) {
  const [active, setActive] = useState<string[]>([]);
  const decoded = useMemo(() => {
    if (!row) return null;
    try {
      return { header: decodeTcpHeader(row.segment.tcpHex), bytes: hexToBytes(row.segment.tcpHex), error: null };
    } catch (e) {
      return { header: null, bytes: null, error: (e as Error).message };
    }
  }, [row]);

  const ip = useMemo(() => {
    if (!row || !row.segment.ipHex) return null;
    try {
      const bytes = hexToBytes(row.segment.ipHex);
      const header = decodeIpHeader(bytes);
      return { header, bytes: bytes.subarray(0, header.length), error: null };
    } catch (e) {
      return { header: null, bytes: null, error: (e as Error).message };
    }
  }, [row]);

  if (!row || !decoded) {
    return (
      <section className="panel" aria-labelledby="inspector-h">
        <h2 id="inspector-h">Segment inspector</h2>
        <p className="muted" data-testid="inspector-empty">Choose a segment in the ladder (click it, or Tab to it and press Enter) to see every field and byte.</p>
      </section>
    );
  }
  const s = row.segment;
  const negotiation = endpointFor(row, endpoints)?.negotiation;
  return (
    <section className="panel inspector" aria-labelledby="inspector-h" data-testid="inspector">
      <h2 id="inspector-h">Segment inspector</h2>
      <p className="summary" data-testid="inspector-summary">
        <strong>{s.sender}</strong> {s.from} → {s.to} at {formatMicros(row.sentAtMicros)}: <code>{s.summary}</code>
      </p>
      <p className="small">
        Checksum {s.checksum}{' '}
        <span data-testid="inspector-checksum-valid" className={s.checksumValid ? 'ok' : 'bad'}>
          {s.checksumValid ? '✔ valid' : '✖ invalid'}
        </span>
        {row.retransmission > 0 && <> · <span className="retx-mark" data-testid="inspector-retransmission">↻ retransmission #{row.retransmission}: {row.retransmissionCause}</span></>}
        {row.drop && <> · <span className="bad" data-testid="inspector-drop">✕ dropped by {dropPlace(row.drop)}: {row.drop.reason}</span></>}
      </p>
      <div className="why" data-testid="inspector-why">
        <h3>Why this segment was sent</h3>
        <p data-testid="inspector-why-cause">{row.sentText}</p>
        {ruleFor(row.sentText) && <p className="small" data-testid="inspector-why-rule">Rule: {ruleFor(row.sentText)}</p>}
      </div>
      {children}
      {decoded.error || !decoded.header || !decoded.bytes ? (
        <p className="field-error">The segment's bytes cannot be decoded: {decoded.error}</p>
      ) : (
        <>
          {decoded.header.problems.length > 0 && <ul className="field-error">{decoded.header.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          <HeaderDiagram header={decoded.header} active={active} setActive={setActive} />
          <FieldTable header={decoded.header} active={active} setActive={setActive} negotiation={negotiation} />
          <HexDump bytes={decoded.bytes} active={active} setActive={setActive} label="TCP header bytes" testid="hexdump" bytePrefix="hex-byte"
            fieldsAt={(i) => fieldsAtByte(decoded.header!, i)} nameOf={(id) => decoded.header!.fields.find((f) => f.id === id)?.name ?? id}
            litBytes={new Set(active.flatMap((id) => bytesOfField(decoded.header!, id)))} />
        </>
      )}
      {ip && <IpHeader ip={ip} active={active} setActive={setActive} />}
    </section>
  );
}

type Hover = { header: DecodedHeader; active: string[]; setActive: (ids: string[]) => void };

function HeaderDiagram({ header, active, setActive }: Hover) {
  const rows = diagramRows(header);
  const byId = new Map(header.fields.map((f) => [f.id, f]));
  const order = rows.flatMap((cells, r) => cells.map((c, k) => ({ r, k, c })));
  const [cursor, setCursor] = useState(0);
  // Roving focus: one tab stop for the whole header, arrow keys walk the cells (up/down by row).
  const onKey = (e: KeyboardEvent, at: number) => {
    const { r, c } = order[at];
    let next = at;
    if (e.key === 'ArrowRight') next = at + 1;
    else if (e.key === 'ArrowLeft') next = at - 1;
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const row = r + (e.key === 'ArrowDown' ? 1 : -1);
      const hit = order.findIndex((o) => o.r === row && o.c.column <= c.column && c.column < o.c.column + o.c.span);
      next = hit >= 0 ? hit : at;
    } else return;
    e.preventDefault();
    next = Math.max(0, Math.min(order.length - 1, next));
    setCursor(next);
    document.querySelector<HTMLElement>(`[data-cell="${next}"]`)?.focus();
  };
  return (
    <figure className="header-diagram" role="listbox" aria-label="TCP header, 32 bits per row (RFC 9293 §3.1); arrow keys move between fields">
      <div className="bit-ruler" aria-hidden="true">
        {Array.from({ length: 32 }, (_, i) => <span key={i}>{i % 8 === 0 ? i : ''}</span>)}
      </div>
      {rows.map((cells, r) => (
        <div className="bit-row" key={r}>
          {cells.map((c, k) => {
            const at = order.findIndex((o) => o.r === r && o.k === k);
            const f = byId.get(c.fieldId)!;
            const flag = FLAG_BITS.find((b) => `flag-${b.name}` === c.fieldId);
            const on = flag && f.value === '1';
            // The name starts with what the cell shows (WCAG 2.5.3), then says it in full.
            const letter = flag ? (flag.name === 'ACK' ? 'A' : flag.letter) : '';
            const shown = flag ? `${letter} ${f.value}` : `${c.label.replace(/^Option: /, '')}${c.span >= 3 ? ` ${f.value}` : ''}`;
            return (
              <div key={k} tabIndex={at === cursor ? 0 : -1} role="option" aria-selected={active.includes(c.fieldId)} data-cell={at}
                onKeyDown={(e) => onKey(e, at)} style={{ gridColumn: `${c.column + 1} / span ${c.span}` }}
                className={`cell${active.includes(c.fieldId) ? ' active' : ''}${flag ? ' flag' : ''}${on ? ' on' : ''}`}
                aria-label={`${shown} (${f.name}: ${f.value}). ${f.meaning}`}
                onMouseEnter={() => setActive([c.fieldId])} onFocus={() => { setCursor(at); setActive([c.fieldId]); }}
                data-testid={`inspector-field-${c.fieldId}`}>
                {flag ? (
                  <><span className="flag-letter">{letter}</span>{' '}<span className="flag-bit">{f.value}</span></>
                ) : (
                  <><span className="cell-name">{c.label.replace(/^Option: /, '')}</span>{c.span >= 3 && ' '}{c.span >= 3 && <span className="cell-value">{f.value}</span>}</>
                )}
              </div>
            );
          })}
        </div>
      ))}
      {header.payloadLength > 0 && <div className="data-row">Data: {header.payloadLength} bytes</div>}
      <figcaption className="small muted">
        Flags lit: <strong data-testid="inspector-flags">{header.flags.length ? header.flags.join(', ') : 'none'}</strong>
        {' '}(letters: N W E U A P R S F; 1 = set)
      </figcaption>
    </figure>
  );
}

function FieldTable({ header, active, setActive, negotiation }: Hover & { negotiation: Negotiation | null | undefined }) {
  const optionByField = new Map(header.options.map((o) => [`opt-${o.index}`, o]));
  const rowOf = (f: HeaderField) => {
    const opt = optionByField.get(f.id);
    const agreed = opt ? agreement(opt.name, negotiation) : null;
    return (
      <tr key={f.id} className={active.includes(f.id) ? 'active' : ''} onMouseEnter={() => setActive([f.id])} data-testid={`inspector-row-${f.id}`}>
        <th scope="row">{f.name}</th>
        <td className="mono nowrap" data-testid={`inspector-where-${f.id}`}>{whereText(f)}</td>
        <td className="mono nowrap" data-testid={`inspector-value-${f.id}`}>{f.value}</td>
        <td>{f.meaning}{agreed && <div className="agreed" data-testid={`inspector-agreed-${f.id}`}><span aria-hidden="true">⇄ </span>{agreed}</div>}</td>
      </tr>
    );
  };
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="TCP header fields, scrollable">
      <table className="table field-table" onMouseLeave={() => setActive([])} data-testid="inspector-tcp-fields">
        <caption className="sr-only">Header fields, their bytes, values and meaning</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Where</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
        <tbody>{header.fields.map(rowOf)}</tbody>
      </table>
    </div>
  );
}

const PER_LINE = 16;

/** "byte 12 (0x0c)" or "bytes 4–7 (0x04–0x07)": the offsets in decimal and in hex, as the hex dump writes them. */
export function whereText(f: Pick<HeaderField, 'start' | 'end' | 'bitLength'>): string {
  const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
  return f.end - f.start === 1 ? `byte ${f.start} (${hex(f.start)})` : `bytes ${f.start}–${f.end - 1} (${hex(f.start)}–${hex(f.end - 1)})`;
}

/**
 * The IP header the segment travelled in (IPv4 or IPv6): its fields and bytes, lit together like
 * the TCP header's. An IPv6 header's dump runs 8 bytes a line, so that each 16-byte address takes
 * two whole lines under the fixed first eight bytes, and its TCP pseudo-header is spelt out: IPv6
 * has no header checksum, the TCP checksum is what covers the addresses (RFC 8200 §8.1).
 */
function IpHeader({ ip, active, setActive }: { ip: { header: DecodedIp | null; bytes: Uint8Array | null; error: string | null } } & Omit<Hover, 'header'>) {
  if (!ip.header || !ip.bytes) return <p className="field-error">The IP header cannot be decoded: {ip.error}</p>;
  const h = ip.header;
  const value = (id: string) => h.fields.find((f) => f.id === id)?.value;
  const v6 = h.version === 6;
  return (
    <details className="ip-header" data-testid="inspector-ip" data-version={h.version}>
      <summary>IPv{h.version} header ({v6 ? 'RFC 8200 §3' : 'RFC 791 §3.1'}): {value('ip-src')} → {value('ip-dst')},
        {v6 ? ` Hop Limit ${value('ip-hop')}` : ` TTL ${value('ip-ttl')}`}, {h.length} + {h.totalLength - h.length} bytes</summary>
      {h.problems.length > 0 && <ul className="field-error">{h.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="IP header fields, scrollable">
      <table className="table field-table" onMouseLeave={() => setActive([])} data-testid="inspector-ip-fields">
        <caption className="sr-only">IP header fields, their bytes, values and meaning</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Where</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
        <tbody>
          {h.fields.map((f) => (
            <tr key={f.id} className={active.includes(f.id) ? 'active' : ''} onMouseEnter={() => setActive([f.id])} data-testid={`inspector-row-${f.id}`}>
              <th scope="row">{f.name}</th>
              <td className="mono nowrap" data-testid={`inspector-where-${f.id}`}>{whereText(f)}</td>
              <td className="mono nowrap" data-testid={`inspector-value-${f.id}`}>{f.value}</td>
              <td>{f.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <HexDump bytes={ip.bytes} active={active} setActive={setActive} label="IP header bytes" testid="ip-hexdump" bytePrefix="ip-byte"
        perLine={v6 ? 8 : PER_LINE}
        fieldsAt={(i) => ipFieldsAtByte(h, i)} nameOf={(id) => h.fields.find((f) => f.id === id)?.name ?? id}
        litBytes={new Set(h.fields.filter((f) => active.includes(f.id)).flatMap((f) => Array.from({ length: f.end - f.start }, (_, k) => f.start + k)))} />
      {h.pseudoHeader && (
        <div data-testid="inspector-pseudo-header">
          <h3>The TCP checksum's pseudo-header (RFC 8200 §8.1)</h3>
          <p className="small">IPv6 has no header checksum: the TCP checksum is computed over these 40 bytes, then the TCP segment.</p>
          <table className="table field-table">
            <caption className="sr-only">IPv6 pseudo-header fields</caption>
            <thead><tr><th scope="col">Field</th><th scope="col">Bytes</th><th scope="col">Value</th></tr></thead>
            <tbody>
              {h.pseudoHeader.fields.map((f) => (
                <tr key={f.name}><th scope="row">{f.name}</th><td className="mono">{f.bytes}</td><td className="mono nowrap">{f.value}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="small" data-testid="inspector-pseudo-checksum">
            TCP checksum carried 0x{h.pseudoHeader.carried.toString(16).padStart(4, '0')}, computed over the pseudo-header 0x{h.pseudoHeader.computed.toString(16).padStart(4, '0')}{' '}
            <span className={h.pseudoHeader.carried === h.pseudoHeader.computed ? 'ok' : 'bad'}>{h.pseudoHeader.carried === h.pseudoHeader.computed ? '✔' : '✖'}</span>
          </p>
        </div>
      )}
    </details>
  );
}

interface DumpProps {
  bytes: Uint8Array;
  active: string[];
  setActive: (ids: string[]) => void;
  label: string;
  testid: string;
  bytePrefix: string;
  fieldsAt: (i: number) => string[];
  nameOf: (id: string) => string;
  litBytes: Set<number>;
  /** Bytes per line: 16, or 8 where a header's rows read better so (IPv6's addresses). */
  perLine?: number;
}

/**
 * Hex dump with a roving focus: arrow keys move between bytes, the byte's field lights up. Each
 * line starts with its offset in hex and decimal (as the field table writes offsets) and ends
 * with the bytes as ASCII.
 */
function HexDump({ bytes, setActive, label, testid, bytePrefix, fieldsAt, nameOf, litBytes: lit, perLine = PER_LINE }: DumpProps) {
  const [cursor, setCursor] = useState(0);
  const focusByte = (i: number) => {
    const j = Math.max(0, Math.min(bytes.length - 1, i));
    setCursor(j);
    document.querySelector<HTMLElement>(`[data-testid="${bytePrefix}-${j}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perLine, ArrowUp: -perLine, Home: -i, End: bytes.length - 1 - i };
    if (e.key in moves) { e.preventDefault(); focusByte(i + moves[e.key]); }
  };
  const lines = Array.from({ length: Math.ceil(bytes.length / perLine) }, (_, l) => l * perLine);
  return (
    <div className="hexdump" role="listbox" aria-label={`${label} in hex; arrow keys move between bytes`} data-testid={testid} onMouseLeave={() => setActive([])}>
      {lines.map((start) => {
        const line = Array.from(bytes.subarray(start, start + perLine));
        return (
          <div className="hex-line" key={start}>
            <span className="hex-offset" aria-hidden="true" data-testid={`${testid}-offset-${start}`}>{offsetText(start)}</span>
            <span className="hex-bytes">
              {line.map((b, k) => {
                const i = start + k;
                const fields = fieldsAt(i);
                return (
                  <span key={i} tabIndex={i === cursor ? 0 : -1} role="option" aria-selected={lit.has(i)} className={`hex-byte${lit.has(i) ? ' lit' : ''}`}
                    aria-label={`${b.toString(16).padStart(2, '0')} (byte ${i}, ${fields.map(nameOf).join(', ')})`}
                    onMouseEnter={() => setActive(fields)} onFocus={() => { setCursor(i); setActive(fields); }} onKeyDown={(e) => onKey(e, i)}
                    data-testid={`${bytePrefix}-${i}`} data-fields={fields.join(' ')}>
                    {b.toString(16).padStart(2, '0')}
                  </span>
                );
              })}
            </span>
            <span className="hex-ascii" aria-hidden="true" data-testid={`${testid}-ascii-${start}`}>
              {line.map((b, k) => <span key={k} className={lit.has(start + k) ? 'lit' : ''}>{asciiOf(b)}</span>)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
