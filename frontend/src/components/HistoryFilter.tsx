import { useState, type FormEvent } from 'react';
import { FILTER_FIELDS, parseTime } from '../lib/displayFilter';

interface Props {
  text: string;
  onText: (text: string) => void;
  /** The parse error of `text`, if it is not a filter. */
  error: string | null;
  matched: number;
  total: number;
  /** Selects the first segment sent at or after this virtual time; false if there is none. */
  onJump: (micros: number) => boolean;
  /** Whether the session issued SYN cookies: then a quick filter finds the SYN-ACKs that carry one. */
  cookies?: boolean;
}

/** Ready-made filters, one click (or Enter) away. */
const QUICK: { label: string; filter: string; testid: string }[] = [
  { label: 'SYNs', filter: 'tcp.flags.syn && !tcp.flags.ack', testid: 'filter-quick-syn' },
  { label: 'drops', filter: 'drop', testid: 'filter-quick-drop' },
  { label: 'retransmissions', filter: 'retransmission', testid: 'filter-quick-retx' },
  { label: 'RSTs', filter: 'tcp.flags.rst', testid: 'filter-quick-rst' },
];

/** A Wireshark-like display filter over the ladder and the event log, and a jump to a virtual time. */
export default function HistoryFilter({ text, onText, error, matched, total, onJump, cookies }: Props) {
  const quick = cookies ? [...QUICK, { label: 'SYN-ACKs with a cookie', filter: 'cookie && tcp.flags.syn', testid: 'filter-quick-cookie' }] : QUICK;
  const [time, setTime] = useState('');
  const [timeError, setTimeError] = useState<string | null>(null);
  const jump = (e: FormEvent) => {
    e.preventDefault();
    const us = parseTime(time);
    if (us === null) { setTimeError('a virtual time such as 1.01 s, 1010 ms or 1010000 us'); return; }
    setTimeError(onJump(us) ? null : 'no segment was sent at or after that time');
  };
  return (
    <section className="panel history-filter" aria-label="Filter the history" data-testid="history-filter">
      <form className="filter-row" onSubmit={(e) => e.preventDefault()} role="search">
        <label className="field grow">
          <span>Display filter (like Wireshark's)</span>
          <input type="text" value={text} onChange={(e) => onText(e.target.value)} spellCheck={false} className="mono"
            placeholder='e.g. tcp.flags.syn && !tcp.flags.ack, host == fw || drop, tcp.port == 40001'
            aria-invalid={error ? 'true' : 'false'} aria-describedby="filter-status" data-testid="filter-input" />
        </label>
        {text && <button type="button" onClick={() => onText('')} data-testid="filter-clear">Clear</button>}
      </form>
      <p className="quick-filters small">
        <span className="muted">Quick filters:</span>{' '}
        {quick.map((q) => (
          <button key={q.testid} type="button" className="chip" aria-pressed={text === q.filter} onClick={() => onText(text === q.filter ? '' : q.filter)}
            data-testid={q.testid}>{q.label}</button>
        ))}
      </p>
      <p id="filter-status" className={error ? 'field-error' : 'small muted'} aria-live="polite" data-testid="filter-status"
        data-matched={matched} data-total={total}>
        {error ? `Not a filter: ${error}` : text ? `${matched} of ${total} events match.` : `${total} events.`}
      </p>
      <details className="small">
        <summary>Fields you can filter on</summary>
        <ul>{Object.entries(FILTER_FIELDS).map(([f, what]) => <li key={f}><code>{f}</code>: {what}</li>)}</ul>
        <p>Compare with <code>==</code>, <code>!=</code>, <code>&lt;</code>, <code>&gt;=</code> …; join with <code>&amp;&amp;</code> (and),{' '}
          <code>||</code> (or), <code>!</code> (not) and parentheses. A field alone means it is set.</p>
      </details>
      <form className="filter-row" onSubmit={jump}>
        <label className="field">
          <span>Jump to virtual time</span>
          <input type="text" value={time} onChange={(e) => { setTime(e.target.value); setTimeError(null); }} placeholder="1.01 s"
            aria-invalid={timeError ? 'true' : 'false'} aria-describedby={timeError ? 'jump-error' : undefined} data-testid="jump-time" />
        </label>
        <button type="submit" data-testid="jump-go">Jump</button>
        {timeError && <span id="jump-error" className="field-error" data-testid="jump-error">{timeError}</span>}
      </form>
    </section>
  );
}
