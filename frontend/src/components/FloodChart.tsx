import { useEffect } from 'react';
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
const RATES: LineSpec[] = [
  { key: 'synsReceived', name: 'SYNs received', color: '#444', dash: '2 2' },
  { key: 'synsDropped', name: 'SYNs dropped', color: '#b00020', dash: '8 3' },
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

function Chart({ data, lines, title, testid, unit }: { data: Row[]; lines: LineSpec[]; title: string; testid: string; unit?: string }) {
  return (
    <figure className="chart" data-testid={testid} data-points={data.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={230}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis dataKey="seconds" type="number" domain={['dataMin', 'dataMax']} unit=" s" label={{ value: 'virtual time', position: 'insideBottom', offset: -8 }} />
          <YAxis allowDecimals={unit !== undefined} unit={unit} />
          <Tooltip formatter={(v) => String(v)} labelFormatter={(v) => `${v} s`} />
          <Legend verticalAlign="top" />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dash} dot={false} isAnimationActive={false} type="stepAfter" connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The series of the latest flood step (GET /flood/series), with the totals in words first. */
export default function FloodChart({ data }: { data: FloodSeries }) {
  const points = chartRows(data.series);
  const t = data.totals;
  useEffect(() => { performance.mark('lab:flood-charts-drawn'); }, [data]);
  return (
    <section className="panel" aria-labelledby="flood-h" data-testid="flood" data-step={data.step} data-buckets={data.series.length}>
      <h2 id="flood-h">SYN flood: what the server went through (step {data.step})</h2>
      <p className="small" data-testid="flood-totals">
        {data.series.length} buckets of {formatMicros(data.bucketMicros)}. In total: {t.synsReceived} SYNs received, {t.synsDropped} dropped,
        {' '}{t.synAcksSent} SYN-ACKs sent ({t.cookiesSent} of them cookies, {t.cookiesValidated} cookies validated), {t.synAcksResent} resent;
        SYN queue at most {t.synQueue}, accept queue at most {t.acceptQueue};{' '}
        <strong>{t.legitSuccesses} of {t.legitAttempts} legitimate connections completed</strong>{t.legitFailures ? `, ${t.legitFailures} gave up` : ''}.
      </p>
      <div className="two-col">
        <Chart data={points} lines={QUEUES} title="Queue lengths (at each bucket's end)" testid="flood-queues" />
        <Chart data={points} lines={RATES} title="SYNs and SYN-ACKs per bucket" testid="flood-rates" />
        <Chart data={points} lines={LEGIT} title="Legitimate clients per bucket" testid="flood-legit" />
        <Chart data={points} lines={LATENCY} title="Legitimate connect latency (median per bucket)" testid="flood-latency" unit=" ms" />
        <Chart data={points} lines={MEMORY} title="Memory held by half-open requests" testid="flood-memory" unit=" KiB" />
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
