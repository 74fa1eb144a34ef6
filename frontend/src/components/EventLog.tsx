import { useEffect, useRef, useState } from 'react';
import type { LogEntry } from '../lib/eventLog';
import { formatMicros } from '../lib/ladder';

interface Props {
  entries: LogEntry[];
  /** The ladder row (segment) selected in the ladder and the inspector. */
  selected: number | null;
  onSelect: (row: number) => void;
}

/** How many entries are listed at once; a flood's history holds thousands. */
const LOG_PAGE = 100;

const LABEL: Record<LogEntry['category'], string> = { segment: 'segment', drop: 'drop', timer: 'timer', state: 'state', other: 'event' };

/**
 * Every event of the session in order, each in the server's own words (why a segment was sent,
 * why it was dropped, which timer fired, what moved a state). An entry about a segment selects
 * it in the ladder and the inspector; the selected segment's entries are marked here.
 */
export default function EventLog({ entries, selected, onSelect }: Props) {
  const [shown, setShown] = useState(LOG_PAGE);
  // Likewise for the selected segment's entries hidden among the earlier ones.
  useEffect(() => {
    const at = selected === null ? -1 : entries.findIndex((e) => e.row === selected);
    if (at >= 0 && entries.length - at > shown) setShown(entries.length - at);
  }, [selected, entries, shown]);
  const box = useRef<HTMLOListElement>(null);
  const start = Math.max(0, entries.length - shown);
  const visible = entries.slice(start);

  // Bring the selected segment's first entry into the list's own view, without scrolling the page.
  useEffect(() => {
    const list = box.current;
    const first = list?.querySelector<HTMLElement>('li.linked');
    if (!list || !first) return;
    const top = first.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - first.offsetHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [selected, entries.length]);

  return (
    <section className="panel event-log" aria-labelledby="log-h" data-testid="event-log">
      <h2 id="log-h">What happened, and why</h2>
      {entries.length === 0 ? <p className="muted" data-testid="event-log-empty">Nothing has happened yet.</p> : (
        <>
          {start > 0 && (
            <p className="small">Showing the last {visible.length} of {entries.length} events.{' '}
              <button type="button" onClick={() => setShown((n) => n + LOG_PAGE)} data-testid="event-log-show-earlier">Show earlier</button></p>
          )}
          <ol className="log-entries" ref={box} tabIndex={0} aria-label="Events in order; scrollable" data-testid="event-log-list">
            {visible.map((e) => {
              const linked = e.row !== null && e.row === selected;
              const body = <><span className="log-time">{formatMicros(e.atMicros)}</span>{' '}
                <span className={`log-kind log-${e.category}`}>{LABEL[e.category]}</span>{' '}{e.text}</>;
              return (
                <li key={e.index} className={`log-${e.category}${linked ? ' linked' : ''}`} data-testid={`log-entry-${e.index}`}
                  data-kind={e.kind} data-row={e.row ?? ''} data-linked={linked ? 'true' : 'false'} aria-current={linked ? 'true' : undefined}>
                  {e.row === null ? body : (
                    <button type="button" className="log-link" onClick={() => onSelect(e.row!)} data-testid={`log-select-${e.index}`}>{body}</button>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
