import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { exercises, type CheckResult, type Exercise, type Grade, type PredictionResult, type PredictionSummary } from '../exercises';
import { describePrediction, EMPTY_DRAFT, FLAG_CHOICES, formatValue, ofSegment, STATE_CHOICES, toRequest, type PredictionDraft } from '../lib/prediction';
import { placeProblem, problemOf } from '../lib/problems';
import FieldMessage, { LabeledInput, messageId } from './FieldMessage';

/**
 * An exercise attempt inside its session: the instructions, the checks as they pass and the
 * predictions, each asked before the send it is about and graded after it. Everything shown is
 * what the server graded from the stored history; it is read again after every step
 * (`version`). `onAttempt` tells the page whether this session is an attempt at all.
 */
export default function ExercisePanel({ sessionId, version, readOnly, onAttempt }: {
  sessionId: string; version: number; readOnly: boolean; onAttempt: (attempt: boolean) => void;
}) {
  const [exercise, setExercise] = useState<Exercise | null>(null);
  const [grade, setGrade] = useState<Grade | null>(null);
  const [predictions, setPredictions] = useState<PredictionResult[]>([]);
  const [failed, setFailed] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    let attempt;
    try {
      attempt = await exercises.predictions(sessionId);
    } catch {
      // not known to be an attempt: the page shows the template's own instructions instead
      onAttempt(false);
      return;
    }
    try {
      onAttempt(!!attempt.exerciseId);
      if (!attempt.exerciseId) return;
      setPredictions(attempt.predictions);
      setExercise((have) => (have?.id === attempt.exerciseId ? have : null));
      const [e, g] = await Promise.all([exercises.ofSession(sessionId), exercises.grade(sessionId)]);
      setExercise(e);
      setGrade(g);
      setPredictions(g.predictions);
      setFailed(null);
    } catch (e) {
      const p = problemOf(e);
      setFailed(p.detail ?? p.title ?? 'The grade could not be read');
    }
  }, [sessionId, onAttempt]);
  useEffect(() => { void refresh(); }, [refresh, version]);

  if (!exercise) return null;
  const checks = grade?.checks ?? exercise.checks.map((c) => ({ ...c, passed: false, earned: 0, explanation: '', events: null, nearMiss: null, hint: null }));
  return (
    <section className="panel exercise-panel" aria-labelledby="exercise-h" data-testid="exercise-panel">
      <div className="exercise-head">
        <h2 id="exercise-h">Exercise: {exercise.title}</h2>
        <span className="exercise-score" data-testid="exercise-score" aria-live="polite">
          {grade ? `${grade.earned} of ${grade.points} points` : `${exercise.points} points`}
        </span>
      </div>
      <p className="muted">{exercise.learningGoal}</p>
      {/* Rendered and sanitised on the server (commonmark-java: raw HTML escaped, unsafe links dropped). */}
      <div className="exercise-instructions" data-testid="exercise-instructions" dangerouslySetInnerHTML={{ __html: exercise.instructionsHtml }} />
      {failed && <p className="notice" role="status" data-testid="exercise-grade-failed">{failed}</p>}
      {predictions.length > 0 && (
        <div className="predictions">
          <h3>Predict first</h3>
          {predictions.map((p) => {
            const summary = exercise.predictions.find((x) => x.id === p.id);
            return summary ? <Prediction key={p.id} sessionId={sessionId} summary={summary} result={p} readOnly={readOnly} onStored={refresh} /> : null;
          })}
        </div>
      )}
      <h3>Checks</h3>
      <ul className="checks" data-testid="exercise-checks">
        {checks.map((c) => <Check key={c.id} check={c} />)}
      </ul>
      {exercise.hints.length > 0 && (
        <details className="hints"><summary>Hints</summary><ul>{exercise.hints.map((h, i) => <li key={i}>{h}</li>)}</ul></details>
      )}
    </section>
  );
}

function Check({ check }: { check: CheckResult }) {
  return (
    <li className={check.passed ? 'exercise-check passed' : 'exercise-check'} data-testid={`check-${check.id}`} data-passed={check.passed}>
      <span className={check.passed ? 'ok' : 'muted'} aria-hidden="true">{check.passed ? '✔' : '○'} </span>
      <span className="sr-only">{check.passed ? 'passed: ' : 'not yet: '}</span>
      {check.title} <span className="muted">({check.earned}/{check.points})</span>
      {check.explanation && (
        <details><summary>{check.passed ? 'How it passed' : 'What is missing'}</summary>
          <p className="explanation">{check.explanation}</p>
          {!check.passed && check.hint && <p className="muted">Hint: {check.hint}</p>}
        </details>
      )}
    </li>
  );
}

const STATUS_TEXT: Record<string, string> = {
  open: 'not made yet',
  waiting: 'made; graded after the send',
  'in-flight': 'sent; waiting for the answer',
  graded: 'graded',
  missed: 'missed',
};

function Prediction({ sessionId, summary, result, readOnly, onStored }: {
  sessionId: string; summary: PredictionSummary; result: PredictionResult; readOnly: boolean; onStored: () => Promise<void>;
}) {
  const id = `prediction-${summary.id}`;
  return (
    <article className={`prediction ${result.status}`} data-testid={id} data-status={result.status} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{summary.prompt}</h4>
      <p className="muted">
        Before {summary.before} · {summary.points} point{summary.points === 1 ? '' : 's'} · <span data-testid={`${id}-status`}>{STATUS_TEXT[result.status]}</span>
      </p>
      {result.predicted && <p data-testid={`${id}-said`}>You predicted: <strong>{describePrediction(result.predicted)}</strong></p>}
      {(result.status === 'open' || result.status === 'waiting') && !readOnly && (
        <PredictionForm sessionId={sessionId} summary={summary} changing={result.status === 'waiting'} onStored={onStored} />
      )}
      {result.status === 'graded' && <Graded id={id} result={result} />}
      {result.status !== 'graded' && result.status !== 'open' && <p className="muted" data-testid={`${id}-note`}>{result.explanation}</p>}
    </article>
  );
}

function Graded({ id, result }: { id: string; result: PredictionResult }) {
  return (
    <div className="prediction-graded" data-testid={`${id}-graded`}>
      <p><strong data-testid={`${id}-earned`}>{result.earned} of {result.points} points</strong> · {result.explanation}</p>
      <table className="prediction-fields">
        <thead><tr><th scope="col">field</th><th scope="col">you said</th><th scope="col">the reply</th><th scope="col">why</th></tr></thead>
        <tbody>
          {result.results.map((f) => (
            <tr key={f.field} data-testid={`${id}-result-${f.field}`} data-correct={f.correct}>
              <th scope="row">
                <span className={f.correct ? 'ok' : 'bad'} aria-hidden="true">{f.correct ? '✔ ' : '✖ '}</span>
                <span className="sr-only">{f.correct ? 'right: ' : 'wrong: '}</span>{f.field}
              </th>
              <td>{formatValue(f.field, f.predicted)}</td>
              <td>{formatValue(f.field, f.actual)}</td>
              <td className="explanation">{f.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PredictionForm({ sessionId, summary, changing, onStored }: {
  sessionId: string; summary: PredictionSummary; changing: boolean; onStored: () => Promise<void>;
}) {
  const [draft, setDraft] = useState<PredictionDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const id = `prediction-${summary.id}`;
  const set = (change: Partial<PredictionDraft>) => setDraft((d) => ({ ...d, ...change }));
  const moot = (f: string) => draft.nothing && f !== 'state' && f !== 'nothing';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { request, errors: found } = toRequest(summary, draft);
    setErrors(found);
    setGeneral([]);
    if (!request) return;
    try {
      await exercises.predict(sessionId, request);
      await onStored();
    } catch (err) {
      const placed = placeProblem(problemOf(err), new Set(summary.fields));
      setErrors(placed.byField);
      setGeneral(placed.general);
    }
  };

  return (
    <form className="prediction-form" onSubmit={(e) => void submit(e)} data-testid={`${id}-form`} noValidate>
      {summary.fields.includes('nothing') && (
        <label className="check">
          <input type="checkbox" checked={draft.nothing} onChange={(e) => set({ nothing: e.target.checked })} data-testid={`${id}-nothing`} />
          Nothing comes back
        </label>
      )}
      {summary.fields.filter(ofSegment).filter((f) => !moot(f)).map((f) => {
        if (f === 'flags') {
          return (
            <fieldset key={f} className="flag-choices" aria-describedby={errors.flags ? messageId(`${id}-flags`) : undefined}>
              <legend>Flags of the reply</legend>
              {FLAG_CHOICES.map((flag) => (
                <label key={flag}>
                  <input type="checkbox" checked={draft.flags.includes(flag)} data-testid={`${id}-flag-${flag}`}
                    onChange={(e) => set({ flags: e.target.checked ? [...draft.flags, flag] : draft.flags.filter((x) => x !== flag) })} />
                  {flag}
                </label>
              ))}
              <FieldMessage fieldId={`${id}-flags`} error={errors.flags} />
            </fieldset>
          );
        }
        if (f === 'options') {
          return <LabeledInput key={f} id={`${id}-options`} label="Options, in order (e.g. mss, sackOK, timestamps, wscale; no NOPs)" numeric={false}
            value={draft.options} onChange={(v) => set({ options: v })} error={errors.options} />;
        }
        const label = f === 'ack' ? 'Acknowledgment number' : f === 'seq' ? 'Sequence number' : 'Window';
        return <LabeledInput key={f} id={`${id}-${f}`} label={label} value={draft[f as 'seq' | 'ack' | 'window']}
          onChange={(v) => set({ [f]: v })} error={errors[f]} />;
      })}
      {summary.fields.includes('state') && (
        <label className="field">
          <span>Server's state afterwards</span>
          <select value={draft.state} onChange={(e) => set({ state: e.target.value })} data-testid={`${id}-state`}
            aria-invalid={!!errors.state} aria-describedby={errors.state ? messageId(`${id}-state`) : undefined}>
            <option value="">choose…</option>
            {STATE_CHOICES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          <FieldMessage fieldId={`${id}-state`} error={errors.state} />
        </label>
      )}
      <button type="submit" data-testid={`${id}-submit`}>{changing ? 'Change my prediction' : 'Make my prediction'}</button>
      {general.length > 0 && <p className="field-error" role="alert" data-testid={`${id}-problem`}>{general.join(' ')}</p>}
    </form>
  );
}
