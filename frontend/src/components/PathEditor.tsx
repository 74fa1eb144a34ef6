import { useState } from 'react';
import type { PathSpec } from '../api';
import { moveOption, removeOption, replaceOption } from '../lib/options';
import {
  ACTIONS, BOX_TYPES, describePath, DIRECTIONS, ICMP_CODES, MATCH_FLAGS, MAX_BOXES, newBox, newRule, removeBox, renameBox,
  type BoxDraft, type BoxType, type MatchDraft, type PathDraft, type RuleDraft,
} from '../lib/path';
import FieldMessage, { LabeledInput } from './FieldMessage';

const TYPE_LABEL: Record<BoxType, string> = {
  loss: 'loss', delay: 'delay', 'conntrack-firewall': 'conntrack firewall', filter: 'filter (rules)',
};

/** A path in words: both routes, and what each box does. */
export function PathSummary({ path, testid }: { path: PathSpec | null | undefined; testid: string }) {
  const w = describePath(path);
  return (
    <div className="path-summary" data-testid={testid}>
      <div className="mono" data-testid={`${testid}-forward`}><span className="route-label">forward</span> {w.forward}</div>
      <div className="mono" data-testid={`${testid}-back`}><span className="route-label">back</span> {w.back}</div>
      {w.boxes.length > 0 && (
        <ul className="small">{w.boxes.map((b) => <li key={b.id}><strong className="mono">{b.id}</strong>: {b.text}</li>)}</ul>
      )}
    </div>
  );
}

interface Props {
  draft: PathDraft;
  onChange: (d: PathDraft) => void;
  errors: Record<string, string>;
}

/** Middleboxes (added, edited, removed) and the two routes that use them, all with plain buttons and inputs. */
export default function PathEditor({ draft, onChange, errors }: Props) {
  const [addType, setAddType] = useState<BoxType>('loss');
  const setBox = (i: number, b: BoxDraft) => onChange({ ...draft, boxes: replaceOption(draft.boxes, i, b) });
  return (
    <fieldset className="path-editor" data-testid="path-editor">
      <legend>Path between client and server</legend>
      <p className="small muted">Declare middleboxes, then put them on the forward (client → server) and back (server → client) routes in the order a datagram meets them. One box on both routes sees both directions.</p>
      <FieldMessage fieldId="path-boxes" error={errors['path.middleboxes']} />
      <ol className="box-list">
        {draft.boxes.map((b, i) => (
          <li key={i} className="box-row" data-testid={`path-box-${i}`}>
            <BoxFields box={b} index={i} errors={errors} onChange={(nb) => setBox(i, nb)} onRename={(id) => onChange(renameBox(draft, i, id))} />
            <button type="button" onClick={() => onChange(removeBox(draft, i))} aria-label={`Remove middlebox ${b.id}`} data-testid={`path-box-remove-${i}`}>✕ Remove</button>
          </li>
        ))}
      </ol>
      <div className="inline">
        <label htmlFor="path-add-type">Add a middlebox</label>
        <select id="path-add-type" value={addType} onChange={(e) => setAddType(e.target.value as BoxType)} data-testid="path-add-type">
          {BOX_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABEL[t]}</option>)}
        </select>
        <button type="button" disabled={draft.boxes.length >= MAX_BOXES} data-testid="path-add"
          onClick={() => onChange({ ...draft, boxes: [...draft.boxes, newBox(addType, draft.boxes.map((b) => b.id))] })}>Add</button>
      </div>
      <div className="two-col routes">
        <RouteEditor route="forward" title="Forward route (client → server)" draft={draft} onChange={onChange} errors={errors} />
        <RouteEditor route="back" title="Back route (server → client)" draft={draft} onChange={onChange} errors={errors} />
      </div>
    </fieldset>
  );
}

function RouteEditor({ route, title, draft, onChange, errors }: Props & { route: 'forward' | 'back'; title: string }) {
  const ids = draft[route];
  const free = draft.boxes.map((b) => b.id).filter((id) => id && !ids.includes(id));
  const [pick, setPick] = useState('');
  const chosen = free.includes(pick) ? pick : free[0] ?? '';
  const set = (next: string[]) => onChange({ ...draft, [route]: next });
  const from = route === 'forward' ? 'client' : 'server';
  const to = route === 'forward' ? 'server' : 'client';
  return (
    <div className="route" data-testid={`route-${route}`}>
      <h4>{title}</h4>
      <p className="mono small" data-testid={`route-${route}-words`}>{[from, ...ids.map((id) => `[${id}]`), to].join(' → ')}</p>
      <ol className="route-list">
        {ids.map((id, k) => (
          <li key={`${id}-${k}`} className="inline">
            <span className="mono">{id}</span>
            <span className="row-buttons">
              <button type="button" disabled={k === 0} onClick={() => set(moveOption(ids, k, -1))} aria-label={`Move ${id} earlier on the ${route} route`} data-testid={`route-${route}-up-${k}`}>↑</button>
              <button type="button" disabled={k === ids.length - 1} onClick={() => set(moveOption(ids, k, 1))} aria-label={`Move ${id} later on the ${route} route`} data-testid={`route-${route}-down-${k}`}>↓</button>
              <button type="button" onClick={() => set(removeOption(ids, k))} aria-label={`Take ${id} off the ${route} route`} data-testid={`route-${route}-remove-${k}`}>✕</button>
            </span>
            <FieldMessage fieldId={`route-${route}-${k}`} error={errors[`path.${route}[${k}]`]} />
          </li>
        ))}
      </ol>
      {free.length > 0 && (
        <div className="inline">
          <label className="sr-only" htmlFor={`route-${route}-pick`}>Middlebox to put on the {route} route</label>
          <select id={`route-${route}-pick`} value={chosen} onChange={(e) => setPick(e.target.value)} data-testid={`route-${route}-pick`}>
            {free.map((id) => <option key={id} value={id}>{id}</option>)}
          </select>
          <button type="button" onClick={() => set([...ids, chosen])} data-testid={`route-${route}-add`}>Put on route</button>
        </div>
      )}
    </div>
  );
}

function TextInput({ id, label, value, error, onChange, size = 8 }: { id: string; label: string; value: string; error?: string; onChange: (v: string) => void; size?: number }) {
  return <LabeledInput id={id} label={label} value={value} error={error} onChange={onChange} size={size} numeric={false} className="option-field" />;
}

function Choice<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <label className="option-field">
      <span>{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={id}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}

const plain = <T extends string>(xs: readonly T[]) => xs.map((x) => ({ value: x, label: x }));

function BoxFields({ box: b, index: i, errors, onChange, onRename }: { box: BoxDraft; index: number; errors: Record<string, string>; onChange: (b: BoxDraft) => void; onRename: (id: string) => void }) {
  const at = `path.middleboxes[${i}].`;
  const tid = (f: string) => `box-${i}-${f}`;
  return (
    <div className="box-fields">
      <span className="option-kind">{TYPE_LABEL[b.type]}</span>
      <TextInput id={tid('id')} label="id" value={b.id} error={errors[`${at}id`]} onChange={onRename} />
      {b.type === 'loss' && (
        <>
          <MatchFields m={b.match} prefix={tid('match')} at={`${at}match.`} errors={errors} onChange={(match) => onChange({ ...b, match })} />
          <Choice id={tid('by')} label="loses" value={b.lossBy} onChange={(lossBy) => onChange({ ...b, lossBy })}
            options={[{ value: 'nth', label: 'the n-th ones' }, { value: 'probability', label: 'each with probability' }, { value: 'all', label: 'all of them' }]} />
          {b.lossBy === 'nth' && <TextInput id={tid('nth')} label="n (1-based, comma-separated)" value={b.nth} error={errors[`${at}nth`]} onChange={(nth) => onChange({ ...b, nth })} />}
          {b.lossBy === 'probability' && <TextInput id={tid('probability')} label="probability 0..1" value={b.probability} error={errors[`${at}probability`]} onChange={(probability) => onChange({ ...b, probability })} />}
        </>
      )}
      {b.type === 'delay' && (
        <>
          <TextInput id={tid('latency')} label="latency (ms)" value={b.latencyMillis} error={errors[`${at}latencyMillis`]} onChange={(latencyMillis) => onChange({ ...b, latencyMillis })} />
          <TextInput id={tid('jitter')} label="± jitter (ms)" value={b.jitterMillis} error={errors[`${at}jitterMillis`]} onChange={(jitterMillis) => onChange({ ...b, jitterMillis })} />
        </>
      )}
      {b.type === 'conntrack-firewall' && (
        <>
          <Choice id={tid('mismatch')} label="INVALID segments" value={b.onMismatch} onChange={(onMismatch) => onChange({ ...b, onMismatch })}
            options={[{ value: 'drop', label: 'drop' }, { value: 'reject-rst', label: 'reject with RST' }, { value: 'reject-icmp', label: 'reject with ICMP' }]} />
          {b.onMismatch === 'reject-icmp' && <Choice id={tid('icmp')} label="ICMP code" value={b.icmp} options={plain(ICMP_CODES)} onChange={(icmp) => onChange({ ...b, icmp })} />}
        </>
      )}
      {b.type === 'filter' && (
        <div className="rules">
          <FieldMessage fieldId={tid('rules')} error={errors[`${at}rules`]} />
          <ol>
            {b.rules.map((r, k) => (
              <li key={k} className="option-row" data-testid={tid(`rule-${k}`)}>
                <RuleFields r={r} prefix={tid(`rule-${k}`)} at={`${at}rules[${k}].`} errors={errors} onChange={(nr) => onChange({ ...b, rules: replaceOption(b.rules, k, nr) })} />
                <span className="row-buttons">
                  <button type="button" disabled={k === 0} onClick={() => onChange({ ...b, rules: moveOption(b.rules, k, -1) })} aria-label={`Move rule ${k + 1} up`}>↑</button>
                  <button type="button" disabled={k === b.rules.length - 1} onClick={() => onChange({ ...b, rules: moveOption(b.rules, k, 1) })} aria-label={`Move rule ${k + 1} down`}>↓</button>
                  <button type="button" onClick={() => onChange({ ...b, rules: removeOption(b.rules, k) })} aria-label={`Remove rule ${k + 1}`}>✕</button>
                </span>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => onChange({ ...b, rules: [...b.rules, newRule()] })} data-testid={tid('rule-add')}>Add rule</button>
          <Choice id={tid('default')} label="otherwise" value={b.defaultAction} options={plain(ACTIONS)} onChange={(defaultAction) => onChange({ ...b, defaultAction })} />
          {b.defaultAction === 'reject-icmp' && <Choice id={tid('icmp')} label="ICMP code" value={b.icmp} options={plain(ICMP_CODES)} onChange={(icmp) => onChange({ ...b, icmp })} />}
        </div>
      )}
    </div>
  );
}

function RuleFields({ r, prefix, at, errors, onChange }: { r: RuleDraft; prefix: string; at: string; errors: Record<string, string>; onChange: (r: RuleDraft) => void }) {
  return (
    <>
      <MatchFields m={r} prefix={prefix} at={at} errors={errors} onChange={(m) => onChange({ ...r, ...m })} />
      <Choice id={`${prefix}-action`} label="then" value={r.action} options={plain(ACTIONS)} onChange={(action) => onChange({ ...r, action })} />
      {r.action === 'reject-icmp' && <Choice id={`${prefix}-icmp`} label="ICMP code" value={r.icmp} options={plain(ICMP_CODES)} onChange={(icmp) => onChange({ ...r, icmp })} />}
    </>
  );
}

function MatchFields({ m, prefix, at, errors, onChange }: { m: MatchDraft; prefix: string; at: string; errors: Record<string, string>; onChange: (m: MatchDraft) => void }) {
  const toggle = (f: string) => onChange({ ...m, flags: m.flags.includes(f) ? m.flags.filter((x) => x !== f) : [...m.flags, f] });
  return (
    <>
      <fieldset className="match-flags">
        <legend className="small">flags exactly (none = any)</legend>
        {MATCH_FLAGS.map((f) => (
          <label key={f} className={`flag-check${m.flags.includes(f) ? ' on' : ''}`}>
            <input type="checkbox" checked={m.flags.includes(f)} onChange={() => toggle(f)} data-testid={`${prefix}-flag-${f}`} />{f}
          </label>
        ))}
      </fieldset>
      <Choice id={`${prefix}-direction`} label="direction" value={m.direction} onChange={(direction) => onChange({ ...m, direction })}
        options={[{ value: '', label: 'either' }, ...plain(DIRECTIONS)]} />
      <TextInput id={`${prefix}-src`} label="src address" value={m.src} size={11} error={errors[`${at}src`]} onChange={(src) => onChange({ ...m, src })} />
      <TextInput id={`${prefix}-dstPort`} label="dst port" value={m.dstPort} size={5} error={errors[`${at}dstPort`]} onChange={(dstPort) => onChange({ ...m, dstPort })} />
    </>
  );
}
