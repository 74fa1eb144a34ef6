import { useState, type ChangeEvent } from 'react';
import { api, ApiError, type PacketdrillRun, type Problem, type RunLine } from '../api';

const EXAMPLE = `// A passive open against the simulated server. Change a number and run it again.
    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
   +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
   +0 bind(3, ..., ...) = 0
   +0 listen(3, 8) = 0

   +0 < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
   +0 > S. 0:0(0) ack 1 win 65160 <mss 1460,sackOK,TS val 700 ecr 100,nop,wscale 7>
 +.01 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 110 ecr 700>
   +0 accept(3, ..., ...) = 4
`;

/**
 * Paste or upload a packetdrill script, run it against a fresh simulated server, and read the
 * result line by line; the line where the run stopped is marked.
 */
export default function PacketdrillPage() {
  const [script, setScript] = useState(EXAMPLE);
  const [profile, setProfile] = useState('linux');
  const [run, setRun] = useState<PacketdrillRun | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    setRun(null);
    try {
      setRun(await api.runPacketdrill(script, profile));
    } catch (e) {
      setProblem(e instanceof ApiError ? e.problem : { status: 0, detail: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setScript(await file.text());
  };

  return (
    <section className="packetdrill-page">
      <h1>packetdrill</h1>
      <p className="muted">
        Inbound lines (<code>&lt;</code>) are injected into the simulated server, outbound lines (<code>&gt;</code>) are compared with what it
        sends, with packetdrill&apos;s numbering and timing tolerance. Sysctls in backticks set the profile&apos;s knobs.
      </p>
      <div className="panel">
        <label htmlFor="pd-script">Script</label>
        <textarea id="pd-script" data-testid="packetdrill-script" className="pd-script" spellCheck={false} rows={16}
          value={script} onChange={e => setScript(e.target.value)} />
        <div className="pd-controls">
          <label>Profile{' '}
            <select data-testid="packetdrill-profile" value={profile} onChange={e => setProfile(e.target.value)}>
              <option value="linux">linux</option>
              <option value="rfc9293">rfc9293</option>
              <option value="classic">classic</option>
            </select>
          </label>
          <label>Upload a .pkt file{' '}<input type="file" accept=".pkt,text/plain" data-testid="packetdrill-upload" onChange={upload} /></label>
          <button type="button" data-testid="packetdrill-run" disabled={busy} onClick={submit}>{busy ? 'Running…' : 'Run'}</button>
        </div>
      </div>
      {problem && <ProblemBox problem={problem} script={script} />}
      {run && <RunTable run={run} />}
    </section>
  );
}

function ProblemBox({ problem, script }: { problem: Problem; script: string }) {
  const line = problem.line;
  const text = line ? script.split(/\r\n|\r|\n/)[line - 1] : undefined;
  return (
    <div className="panel pd-problem" role="alert" data-testid="packetdrill-problem">
      <strong>{problem.title ?? 'The script was refused'}</strong>
      <p>{problem.detail}</p>
      {line !== undefined && <pre className="pd-line pd-failed" data-testid="packetdrill-failed-line">{line}: {text}</pre>}
    </div>
  );
}

function RunTable({ run }: { run: PacketdrillRun }) {
  return (
    <div className="panel">
      <p data-testid="packetdrill-verdict" className={run.passed ? 'pd-verdict pd-pass' : 'pd-verdict pd-fail'}>
        {run.passed ? `Every line matched (profile ${run.profile}).` : `The run stopped at line ${run.failedLine} (profile ${run.profile}).`}
      </p>
      <table className="pd-lines">
        <thead><tr><th>line</th><th>script</th><th>result</th></tr></thead>
        <tbody>
          {run.lines.map(l => <LineRow key={l.line} line={l} failed={l.line === run.failedLine} />)}
        </tbody>
      </table>
    </div>
  );
}

function LineRow({ line, failed }: { line: RunLine; failed: boolean }) {
  return (
    <tr className={`pd-${line.status}${failed ? ' pd-failed' : ''}`} data-testid={failed ? 'packetdrill-failed-line' : undefined}
      data-status={line.status} aria-current={failed ? 'true' : undefined}>
      <td className="pd-num">{line.line}</td>
      <td><code>{line.text}</code>
        {failed && line.expected && <div className="pd-diff"><span className="muted">expected</span> <code>{line.expected}</code></div>}
        {failed && line.actual && <div className="pd-diff"><span className="muted">actual</span> <code>{line.actual}</code></div>}
      </td>
      <td><span className="pd-status">{line.status}</span>{line.message && <div className="pd-message">{line.message}</div>}</td>
    </tr>
  );
}
