import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, type Profile } from '../api';
import { captures, type FlowListing, type ReplayAnswer, type ReplayReport, type ReplayedSegment } from '../captures';
import { placeProblem, problemOf } from '../lib/problems';
import { defaultFlow, flowLabel, verdict } from '../lib/replay';
import Alerts from './Alerts';

// Upload a capture, pick a flow and a profile, and see what the captured server answered beside
// what the simulated one answers, field by field, each difference explained.
export default function CaptureReplayPage() {
  const [file, setFile] = useState<File | null>(null);
  const [listing, setListing] = useState<FlowListing | null>(null);
  const [iface, setIface] = useState<string>('');
  const [flow, setFlow] = useState('');
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [profile, setProfile] = useState('linux');
  const [mtu, setMtu] = useState('');
  const [checksums, setChecksums] = useState<'ignore' | 'verify'>('ignore');
  const [report, setReport] = useState<ReplayReport | null>(null);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => { api.profiles().then(setProfiles, () => setProfiles([])); }, []);

  const fail = (e: unknown) => setAlerts(placeProblem(problemOf(e), new Set()).general);

  async function list(f: File, i: string) {
    setBusy(true);
    setReport(null);
    try {
      const l = await captures.flows(f, i === '' ? undefined : Number(i));
      setListing(l);
      setFlow(defaultFlow(l.flows));
      setAlerts([]);
    } catch (e) {
      setListing(null);
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  function choose(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0] ?? null;
    setFile(f);
    setIface('');
    if (f) void list(f, '');
  }

  async function replay(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      setReport(await captures.replay(file, { flow, profile, checksums, mtu: mtu === '' ? undefined : Number(mtu),
        iface: iface === '' ? undefined : Number(iface) }));
      setAlerts([]);
    } catch (err) {
      setReport(null);
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page capture-replay-page">
      <Alerts messages={alerts} onDismiss={() => setAlerts([])} />
      <h1>Replay a capture</h1>
      <p className="hint">Upload a pcap or pcapng file (Ethernet, raw IP, Linux cooked or loopback). The client segments of
        the flow you pick are sent to a simulated server at the capture's times; its answers are set beside the captured
        server's, numbers relative to each side's ISN and first TSval.</p>
      <form onSubmit={replay} className="capture-form">
        <label>Capture file <input type="file" accept=".pcap,.pcapng,.cap" onChange={choose} data-testid="capture-file" /></label>
        {listing && (
          <>
            <p data-testid="capture-summary">{listing.format}: {listing.packets} packets, {listing.tcpPackets} TCP in
              {' '}{listing.flows.length} flow{listing.flows.length === 1 ? '' : 's'}</p>
            {listing.interfaces.length > 1 && (
              <label>Interface{' '}
                <select value={iface} data-testid="capture-interface"
                        onChange={(e) => { setIface(e.target.value); if (file) void list(file, e.target.value); }}>
                  <option value="">all</option>
                  {listing.interfaces.map((i) => <option key={i.id} value={i.id}>{i.id}{i.name ? ` (${i.name})` : ''}</option>)}
                </select>
              </label>
            )}
            <fieldset className="flows" data-testid="flows">
              <legend>Flow</legend>
              {listing.flows.map((f) => (
                <label key={f.id} className={f.replayable ? '' : 'disabled'}>
                  <input type="radio" name="flow" value={f.id} checked={flow === f.id} disabled={!f.replayable}
                         onChange={() => setFlow(f.id)} data-testid="flow-option" />
                  {flowLabel(f)}
                </label>
              ))}
              {listing.flows.length === 0 && <p>No TCP flow in this capture.</p>}
            </fieldset>
            {listing.skipped.length > 0 && (
              <ul className="skipped" data-testid="skipped">
                {listing.skipped.map((s) => <li key={s.reason}>{s.count} packet{s.count === 1 ? '' : 's'} left out (first: record {s.firstRecord}): {s.reason}</li>)}
              </ul>
            )}
            <label>Profile{' '}
              <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="replay-profile">
                {(profiles.length ? profiles.map((p) => p.name) : ['linux', 'rfc9293', 'classic']).map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
            <label>MTU (optional){' '}
              <input type="number" min={68} max={65535} value={mtu} placeholder="profile's" onChange={(e) => setMtu(e.target.value)}
                     data-testid="replay-mtu" />
            </label>
            <label>Checksums{' '}
              <select value={checksums} onChange={(e) => setChecksums(e.target.value as 'ignore' | 'verify')}>
                <option value="ignore">taken as right (capture on the sending host)</option>
                <option value="verify">verified</option>
              </select>
            </label>
            <button type="submit" disabled={busy || !flow} data-testid="replay-button">Replay</button>
          </>
        )}
      </form>
      {report && <Report report={report} />}
    </div>
  );
}

function Report({ report }: { report: ReplayReport }) {
  return (
    <section className="replay-report" data-testid="replay-report">
      <h2>{report.flow} against a simulated {report.profile} server</h2>
      <p data-testid="replay-verdict">{verdict(report)}</p>
      <p className="hint">{report.serverSocket}. {report.method}</p>
      {report.negotiation && <p>Simulated negotiation: {report.negotiation}</p>}
      {report.differences.length > 0 && (
        <ol className="differences" data-testid="differences">
          {report.differences.map((d, i) => <li key={i}>{d}</li>)}
        </ol>
      )}
      {report.exchanges.map((x, i) => (
        <div className="exchange" key={i} data-testid="exchange">
          <h3>{x.client ? <>Client {segmentLine(x.client)}</> : 'Before the first client segment'}</h3>
          {x.answers.length === 0 && <p className="hint">Neither server answered.</p>}
          {x.answers.map((a, j) => <AnswerTable key={j} answer={a} />)}
        </div>
      ))}
    </section>
  );
}

function segmentLine(s: ReplayedSegment): string {
  return `at ${s.atMillis.toFixed(3)} ms${s.record ? ` (record ${s.record})` : ''}: ${s.summary}`;
}

function AnswerTable({ answer }: { answer: ReplayAnswer }) {
  return (
    <table className={`answer ${answer.same ? 'same' : 'differs'}`} data-testid="answer">
      <thead>
        <tr><th>field</th><th>captured server</th><th>simulated server</th></tr>
      </thead>
      <tbody>
        {answer.fields.map((f) => (
          <tr key={f.field} className={f.same ? '' : 'diff'} data-testid={f.same ? 'field-same' : 'field-diff'}>
            <th scope="row">{f.field}</th>
            <td>{f.captured ?? '—'}</td>
            <td>{f.simulated ?? '—'}{f.explanation && <div className="explanation">{f.explanation}</div>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
