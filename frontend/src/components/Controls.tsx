import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Clock, type ConnectRequest } from '../api';
import { formatMicros } from '../lib/ladder';
import { placeProblem } from '../lib/problems';
import FieldMessage, { messageId } from './FieldMessage';
import type { RunStep } from './SessionPage';

interface Props {
  sessionId: string;
  run: RunStep;
  onAlert: (messages: string[]) => void;
}

/** Shows a failed step's field errors next to this panel's inputs, the rest in the alert region. */
function useStepErrors(fields: string[], onAlert: (m: string[]) => void) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const report = (problem: Parameters<typeof placeProblem>[0] | null) => {
    if (!problem) { setErrors({}); return; }
    const placed = placeProblem(problem, new Set(fields));
    setErrors(placed.byField);
    onAlert(placed.general);
  };
  return [errors, report, setErrors] as const;
}

export function ConnectPanel({ sessionId, run, onAlert }: Props) {
  const [port, setPort] = useState('40001');
  const [preset, setPreset] = useState<ConnectRequest['preset']>('linux');
  const [autoAck, setAutoAck] = useState(true);
  const [errors, report] = useStepErrors(['clientPort', 'preset', 'autoAck'], onAlert);
  const portProblem = /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? undefined : 'must be between 1 and 65535';
  const portError = portProblem ?? errors.clientPort;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (portProblem) return;
    report(await run(() => api.connect(sessionId, { clientPort: Number(port), preset, autoAck })));
  }

  return (
    <section className="panel" aria-labelledby="connect-h">
      <h2 id="connect-h">Simulated client connect</h2>
      <form onSubmit={submit} className="inline wrap" noValidate>
        <label className="field">
          <span>Client port</span>
          <input id="connect-port" inputMode="numeric" size={7} value={port} onChange={(e) => setPort(e.target.value)}
            aria-invalid={!!portError} aria-describedby={portError ? messageId('connect-port') : undefined} data-testid="connect-port" />
          <FieldMessage fieldId="connect-port" error={portError} />
        </label>
        <label className="field">
          <span>Client stack</span>
          <select value={preset} onChange={(e) => setPreset(e.target.value as ConnectRequest['preset'])} data-testid="connect-preset">
            <option value="linux">Linux</option><option value="windows">Windows</option><option value="macos">macOS</option>
          </select>
          <FieldMessage fieldId="connect-preset" error={errors.preset} />
        </label>
        <label className="check"><input type="checkbox" checked={autoAck} onChange={(e) => setAutoAck(e.target.checked)} data-testid="connect-auto-ack" /> finish with ACK</label>
        <button type="submit" data-testid="connect-send">Connect</button>
      </form>
      {!autoAck && <p className="muted small">The client stops after the SYN-ACK; send the ACK yourself from port {port}.</p>}
    </section>
  );
}

const PLAY_PAUSE_MS = 700;

export function ClockPanel({ sessionId, clock, run, onAlert }: Props & { clock: Clock }) {
  const [ms, setMs] = useState('1000');
  const [playing, setPlaying] = useState(false);
  const [errors, report] = useStepErrors(['advanceMillis', 'toNext'], onAlert);
  const msProblem = /^\d+$/.test(ms) && Number(ms) > 0 ? undefined : 'a whole number of milliseconds above 0';
  const msError = msProblem ?? errors.advanceMillis;
  const playingRef = useRef(false);

  // Play = "to next" again and again with a visible pause, until stopped or nothing is pending.
  useEffect(() => {
    playingRef.current = playing;
    if (!playing) return;
    if (clock.nextDeadlineMicros == null) { setPlaying(false); return; }
    const t = window.setTimeout(async () => {
      if (!playingRef.current) return;
      const problem = await run(() => api.clock(sessionId, { toNext: true }));
      if (problem) { setPlaying(false); report(problem); }
    }, PLAY_PAUSE_MS);
    return () => window.clearTimeout(t);
  }, [playing, clock]);

  return (
    <section className="panel" aria-labelledby="clock-h">
      <h2 id="clock-h">Clock</h2>
      <p data-testid="clock-status">
        Now <strong>{formatMicros(clock.nowMicros)}</strong>; next timer or delivery{' '}
        <strong data-testid="clock-next">{clock.nextDeadlineMicros == null ? 'none pending' : `at ${formatMicros(clock.nextDeadlineMicros)}`}</strong>
      </p>
      <form className="inline wrap" noValidate onSubmit={async (e) => { e.preventDefault(); if (!msProblem) report(await run(() => api.clock(sessionId, { advanceMillis: Number(ms) }))); }}>
        <label className="field">
          <span>Step (ms)</span>
          <input id="clock-ms" inputMode="numeric" size={8} value={ms} onChange={(e) => setMs(e.target.value)}
            aria-invalid={!!msError} aria-describedby={msError ? messageId('clock-ms') : undefined} data-testid="clock-ms" />
          <FieldMessage fieldId="clock-ms" error={msError} />
        </label>
        <button type="submit" disabled={playing} data-testid="clock-advance">Advance</button>
        <button type="button" disabled={playing || clock.nextDeadlineMicros == null} data-testid="clock-next-timer"
          onClick={async () => report(await run(() => api.clock(sessionId, { toNext: true })))}>To next timer</button>
        {playing ? (
          <button type="button" className="stop" onClick={() => setPlaying(false)} data-testid="clock-stop"><span aria-hidden="true">■ </span>Stop</button>
        ) : (
          <button type="button" disabled={clock.nextDeadlineMicros == null} onClick={() => setPlaying(true)} data-testid="clock-play"><span aria-hidden="true">▶ </span>Play</button>
        )}
      </form>
      <p className="muted small" aria-live="polite" data-testid="clock-playing">{playing ? 'Playing: advancing to each next timer…' : ''}</p>
    </section>
  );
}
