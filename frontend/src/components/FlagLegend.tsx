import { FLAG_LEGEND } from '../lib/flagLetters';

/** The key to tcpdump's flag letters, shown wherever the letters are (ladder, timeline, event log). */
export default function FlagLegend({ testid }: { testid: string }) {
  return (
    <p className="flag-legend small muted" data-testid={testid}>
      <span>Flag letters (as tcpdump prints them):</span>{' '}
      {FLAG_LEGEND.map((l) => (
        <span key={l.letter} className="flag-key"><code>{l.letter}</code> {l.flag}</span>
      ))}
      <span> · e.g. <code>S.</code> = SYN + ACK, <code>R.</code> = RST + ACK</span>
    </p>
  );
}
