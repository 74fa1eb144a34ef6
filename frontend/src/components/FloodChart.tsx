import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FloodPoint, FloodSeries } from '../api';

type Key = Exclude<keyof FloodPoint, 'atMicros'>;

// Each line differs by dash pattern and name as well as colour, so colour never carries meaning alone.
const QUEUES: { key: Key; name: string; color: string; dash?: string }[] = [
  { key: 'synQueue', name: 'SYN queue', color: '#1f5fa8' },
  { key: 'acceptQueue', name: 'accept queue', color: '#8a4b08', dash: '6 3' },
];
const RATES: { key: Key; name: string; color: string; dash?: string }[] = [
  { key: 'synsReceived', name: 'SYNs received', color: '#444', dash: '2 2' },
  { key: 'synsDropped', name: 'SYNs dropped', color: '#b00020', dash: '8 3' },
  { key: 'synAcksSent', name: 'SYN-ACKs sent', color: '#1f5fa8' },
  { key: 'synAcksResent', name: 'SYN-ACKs resent', color: '#6a3fa0', dash: '4 4' },
  { key: 'cookiesSent', name: 'cookies sent', color: '#8a4b08', dash: '10 2 2 2' },
  { key: 'cookiesValidated', name: 'cookies validated', color: '#2e7d32', dash: '1 3' },
  { key: 'legitAttempts', name: 'legit attempts', color: '#555', dash: '12 4' },
  { key: 'legitSuccesses', name: 'legit successes', color: '#2e7d32' },
];

function Chart({ data, lines, title, testid }: { data: (FloodPoint & { seconds: number })[]; lines: typeof QUEUES; title: string; testid: string }) {
  return (
    <figure className="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis dataKey="seconds" type="number" domain={['dataMin', 'dataMax']} unit=" s" label={{ value: 'virtual time', position: 'insideBottom', offset: -8 }} />
          <YAxis allowDecimals={false} />
          <Tooltip formatter={(v) => String(v)} labelFormatter={(v) => `${v} s`} />
          <Legend verticalAlign="top" />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dash} dot={false} isAnimationActive={false} type="stepAfter" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Shown only for sessions that have a flood (the series endpoint answers 404 otherwise). */
export default function FloodChart({ data }: { data: FloodSeries }) {
  const points = data.series.map((p) => ({ ...p, seconds: p.atMicros / 1_000_000 }));
  const last = data.series[data.series.length - 1];
  return (
    <section className="panel" aria-labelledby="flood-h" data-testid="flood">
      <h2 id="flood-h">SYN flood</h2>
      <p className="small">
        Buckets of {data.bucketMicros / 1000} ms. At the end: {last.legitSuccesses} of {last.legitAttempts} legitimate connections succeeded;
        {' '}{last.halfOpenBytes} bytes held by half-open connections.
      </p>
      <div className="two-col">
        <Chart data={points} lines={QUEUES} title="Queue lengths" testid="flood-queues" />
        <Chart data={points} lines={RATES} title="Per bucket" testid="flood-rates" />
      </div>
    </section>
  );
}
