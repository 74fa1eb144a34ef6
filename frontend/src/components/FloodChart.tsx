import { useEffect, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FloodSeries } from '../api';
import { chartRows } from '../lib/flood';
import { formatMicros } from '../lib/ladder';

type Row = ReturnType<typeof chartRows>[number];
type Key = Exclude<keyof Row, 'atMicros' | 'seconds'>;
type LineSpec = { key: Key; name: string; color: string; dash?: string };

// Each line differs by dash pattern and name as well as colour, so colour never carries meaning alone.
const QUEUES: LineSpec[] = [
  { key: 'synQueue', name: 'SYN queue', color: '#1f5fa8' },
  { key: 'acceptQueue', name: 'accept queue', color: '#8a4b08', dash: '6 3' },
];
// SYNs in and SYN-ACKs out on separate charts: at 10,000 SYNs a bucket the answers' lines would lie flat under them.
const SYNS: LineSpec[] = [
  { key: 'synsReceived', name: 'SYNs received', color: '#444', dash: '2 2' },
  { key: 'synsDropped', name: 'SYNs dropped', color: '#b00020', dash: '8 3' },
];
const ANSWERS: LineSpec[] = [
  { key: 'synAcksSent', name: 'SYN-ACKs sent', color: '#1f5fa8' },
  { key: 'synAcksResent', name: 'SYN-ACKs resent', color: '#6a3fa0', dash: '4 4' },
  { key: 'cookiesSent', name: 'cookies sent', color: '#8a4b08', dash: '10 2 2 2' },
  { key: 'cookiesValidated', name: 'cookies validated', color: '#2e7d32', dash: '1 3' },
];
const LEGIT: LineSpec[] = [
  { key: 'legitAttempts', name: 'connect() calls', color: '#555', dash: '12 4' },
  { key: 'legitSuccesses', name: 'completed', color: '#2e7d32' },
  { key: 'legitFailures', name: 'gave up', color: '#b00020', dash: '8 3' },
];
const LATENCY: LineSpec[] = [{ key: 'latencyMs', name: 'median connect latency (ms)', color: '#1f5fa8' }];
const MEMORY: LineSpec[] = [{ key: 'halfOpenKiB', name: 'half-open memory (KiB)', color: '#6a3fa0' }];

interface ChartProps { data: Row[]; lines: LineSpec[]; title: string; testid: string; yTitle: string; unit?: string; order: number; onDrawn: () => void }

/**
 * Whether a chart is drawn yet. Six charts of a few hundred points each took well over a second
 * of the page's main thread, while they sit below the ladder and the inspector: a chart is drawn
 * as it comes near the window, and the others one at a time when the browser is idle, so the
 * page opens without waiting for them and stays responsive while they follow.
 */
function useDrawnWhenNear(order: number) {
  const box = useRef<HTMLElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (drawn) return;
    const draw = () => setDrawn(true);
    const seen = typeof IntersectionObserver === 'undefined' ? null
      : new IntersectionObserver((e) => { if (e.some((x) => x.isIntersecting)) draw(); }, { rootMargin: '300px' });
    if (box.current) seen?.observe(box.current);
    const idle = typeof window.requestIdleCallback === 'function'
      ? window.requestIdleCallback(draw, { timeout: 1500 + 250 * order }) : null;
    const timer = idle === null ? window.setTimeout(draw, 300 + 250 * order) : null;
    return () => {
      seen?.disconnect();
      if (idle !== null) window.cancelIdleCallback(idle);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [drawn, order]);
  return { box, drawn };
}

function Chart({ data, lines, title, testid, yTitle, unit, order, onDrawn }: ChartProps) {
  const { box, drawn } = useDrawnWhenNear(order);
  useEffect(() => { if (drawn) onDrawn(); }, [drawn, onDrawn]);
  return (
    <figure className="chart" ref={box} data-testid={testid} data-points={data.length} data-y-title={yTitle} data-drawn={drawn}>
      <figcaption>{title}<span className="small muted" data-testid={`${testid}-axes`}> — x: virtual time (s); y: {yTitle}</span></figcaption>
      {!drawn ? <div className="chart-pending" aria-hidden="true" /> : (
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 22, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis dataKey="seconds" type="number" domain={['dataMin', 'dataMax']} unit=" s" label={{ value: 'virtual time (s)', position: 'insideBottom', offset: -12 }} />
          <YAxis allowDecimals={unit !== undefined} unit={unit} label={{ value: yTitle, angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(v) => String(v)} labelFormatter={(v) => `${v} s`} />
          <Legend verticalAlign="top" />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dash} dot={false} isAnimationActive={false} type="stepAfter" connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      )}
    </figure>
  );
}

const CHART_HEIGHT = 230;
const CHARTS = 6;

/** The series of the latest flood step (GET /flood/series), with the totals in words first. */
export default function FloodChart({ data }: { data: FloodSeries }) {
  const points = chartRows(data.series);
  const t = data.totals;
  const bucket = formatMicros(data.bucketMicros);
  // A mark when the last of the charts is drawn, for the browser test that measures a flood page.
  const drawn = useRef(new Set<number>());
  const onDrawn = (order: number) => () => {
    drawn.current.add(order);
    if (drawn.current.size === CHARTS) requestAnimationFrame(() => performance.mark('lab:flood-charts-drawn'));
  };
  const [callbacks] = useState(() => Array.from({ length: CHARTS }, (_, i) => onDrawn(i)));
  return (
    <section className="panel" aria-labelledby="flood-h" data-testid="flood" data-step={data.step} data-buckets={data.series.length}>
      <h2 id="flood-h">SYN flood: what the server went through (step {data.step})</h2>
      <p className="small" data-testid="flood-totals">
        <span data-testid="flood-bucket">Each point is one bucket of <strong>{bucket}</strong> of virtual time</span> ({data.series.length} buckets):
        counts are per bucket, queue lengths at the bucket's end. In total: {t.synsReceived} SYNs received, {t.synsDropped} dropped,
        {' '}{t.synAcksSent} SYN-ACKs sent ({t.cookiesSent} of them cookies, {t.cookiesValidated} cookies validated), {t.synAcksResent} resent;
        SYN queue at most {t.synQueue}, accept queue at most {t.acceptQueue};{' '}
        <strong>{t.legitSuccesses} of {t.legitAttempts} legitimate connections completed</strong>{t.legitFailures ? `, ${t.legitFailures} gave up` : ''}.
      </p>
      <div className="two-col">
        <Chart data={points} lines={QUEUES} title="Queue lengths (at each bucket's end)" testid="flood-queues" yTitle="requests queued" order={0} onDrawn={callbacks[0]} />
        <Chart data={points} lines={SYNS} title={`SYNs in, per ${bucket} bucket (spoofed and legitimate)`} testid="flood-rates" yTitle={`SYNs per ${bucket}`} order={1} onDrawn={callbacks[1]} />
        <Chart data={points} lines={ANSWERS} title={`The server's answers, per ${bucket} bucket`} testid="flood-answers" yTitle={`segments per ${bucket}`} order={2} onDrawn={callbacks[2]} />
        <Chart data={points} lines={LEGIT} title={`Legitimate clients only (not the spoofed sources), per ${bucket} bucket`} testid="flood-legit" yTitle={`clients per ${bucket}`} order={3} onDrawn={callbacks[3]} />
        <Chart data={points} lines={LATENCY} title="Legitimate connect latency (median per bucket)" testid="flood-latency" yTitle="latency (ms)" unit=" ms" order={4} onDrawn={callbacks[4]} />
        <Chart data={points} lines={MEMORY} title="Memory held by half-open requests" testid="flood-memory" yTitle="memory (KiB)" unit=" KiB" order={5} onDrawn={callbacks[5]} />
        <div className="memory-basis" data-testid="flood-memory-basis">
          <h3>Where the memory figure comes from</h3>
          <p className="small">
            <strong>{data.bytesPerHalfOpenEntry} bytes</strong> per half-open request (at the peak {t.halfOpenBytes} bytes, i.e. {Math.round(t.halfOpenBytes / data.bytesPerHalfOpenEntry)} requests).
            {' '}{data.bytesPerHalfOpenEntryBasis}
          </p>
        </div>
      </div>
    </section>
  );
}
