import { useRef, useState } from 'react';
import type { OptionKind, OptionSpec } from '../api';
import { defaultOption, MAX_OPTION_BYTES, moveOption, OPTION_KINDS, optionBytes, optionLength, removeOption, replaceOption } from '../lib/options';
import FieldMessage, { messageId } from './FieldMessage';

interface Props {
  options: OptionSpec[];
  onChange: (next: OptionSpec[]) => void;
  errors: Record<string, string>;
  notes: Record<string, string>;
}

/** Ordered TCP option list: every entry (NOPs too) is a row with up/down/remove buttons. */
export default function OptionListEditor({ options, onChange, errors, notes }: Props) {
  const [addKind, setAddKind] = useState<OptionKind>('mss');
  const listRef = useRef<HTMLOListElement>(null);
  const bytes = optionBytes(options);

  // After a move, keep focus on the same button of the moved row so keyboard users can keep going.
  function move(i: number, d: -1 | 1, which: 'up' | 'down') {
    onChange(moveOption(options, i, d));
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-testid="option-${which}-${i + d}"]`)?.focus());
  }

  return (
    <fieldset className="options-editor">
      <legend>Options</legend>
      <p className={`byte-counter${bytes > MAX_OPTION_BYTES ? ' over' : ''}`} aria-live="polite" data-testid="option-bytes">
        {bytes > MAX_OPTION_BYTES && <span aria-hidden="true">✖ </span>}
        {bytes} / {MAX_OPTION_BYTES} option bytes{bytes % 4 ? ` (+${4 - (bytes % 4)} padding)` : ''}
      </p>
      <FieldMessage fieldId="composer-options" error={errors['options']} />
      <ol ref={listRef} className="option-rows">
        {options.map((o, i) => (
          <li key={i} className="option-row" data-testid={`option-row-${i}`}>
            <span className="option-kind">{o.kind}</span>
            <OptionFields option={o} index={i} errors={errors} notes={notes} onChange={(v) => onChange(replaceOption(options, i, v))} />
            <span className="muted option-len">{optionLength(o)} B</span>
            <span className="row-buttons">
              <button type="button" onClick={() => move(i, -1, 'up')} disabled={i === 0} aria-label={`Move option ${i + 1} (${o.kind}) up`} data-testid={`option-up-${i}`}>↑</button>
              <button type="button" onClick={() => move(i, 1, 'down')} disabled={i === options.length - 1} aria-label={`Move option ${i + 1} (${o.kind}) down`} data-testid={`option-down-${i}`}>↓</button>
              <button type="button" onClick={() => onChange(removeOption(options, i))} aria-label={`Remove option ${i + 1} (${o.kind})`} data-testid={`option-remove-${i}`}>✕</button>
            </span>
          </li>
        ))}
      </ol>
      <div className="inline">
        <label htmlFor="option-add-kind">Add option</label>
        <select id="option-add-kind" value={addKind} onChange={(e) => setAddKind(e.target.value as OptionKind)} data-testid="option-add-kind">
          {OPTION_KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
        </select>
        <button type="button" onClick={() => onChange([...options, defaultOption(addKind)])} data-testid="option-add">Add</button>
      </div>
    </fieldset>
  );
}

function OptionFields({ option: o, index, errors, notes, onChange }: { option: OptionSpec; index: number; errors: Record<string, string>; notes: Record<string, string>; onChange: (o: OptionSpec) => void }) {
  const input = (field: string, label: string, value: string | number, set: (raw: string) => OptionSpec, numeric = true) => {
    const key = `options[${index}].${field}`;
    const id = `opt-${index}-${field.replace(/[^a-zA-Z0-9]/g, '-')}`;
    const err = errors[key];
    return (
      <label className="option-field" key={field}>
        <span>{label}</span>
        <input id={id} value={String(value)} inputMode={numeric ? 'numeric' : 'text'} size={numeric ? 10 : 14}
          onChange={(e) => onChange(set(e.target.value))} aria-invalid={!!err}
          aria-describedby={err || notes[key] ? messageId(id) : undefined} data-testid={`option-${index}-${field}`} />
        <FieldMessage fieldId={id} error={err} note={notes[key]} />
      </label>
    );
  };
  // Numbers that are not numbers become NaN, which the validation explains.
  const n = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
  switch (o.kind) {
    case 'mss': return input('mss', 'bytes', o.mss, (r) => ({ ...o, mss: n(r) }));
    case 'wscale': return input('shift', 'shift', o.shift, (r) => ({ ...o, shift: n(r) }));
    case 'timestamps': return <>{input('tsVal', 'TSval', o.tsVal, (r) => ({ ...o, tsVal: n(r) }))}{input('tsEcr', 'TSecr', o.tsEcr, (r) => ({ ...o, tsEcr: n(r) }))}</>;
    case 'sack': return <>{o.blocks.map((b, k) => [
      input(`blocks[${k}].left`, `left ${k + 1}`, b.left, (r) => ({ ...o, blocks: o.blocks.map((x, j) => (j === k ? { ...x, left: n(r) } : x)) })),
      input(`blocks[${k}].right`, `right ${k + 1}`, b.right, (r) => ({ ...o, blocks: o.blocks.map((x, j) => (j === k ? { ...x, right: n(r) } : x)) })),
    ])}</>;
    case 'fastOpen': return input('cookieHex', 'cookie hex (empty = request)', o.cookieHex, (r) => ({ ...o, cookieHex: r }), false);
    case 'unknown': return <>{input('code', 'kind', o.code, (r) => ({ ...o, code: n(r) }))}{input('dataHex', 'data hex', o.dataHex, (r) => ({ ...o, dataHex: r }), false)}</>;
    default: return <span className="muted option-field">{o.kind === 'nop' ? 'one padding byte' : o.kind === 'eol' ? 'ends the list' : 'no value'}</span>;
  }
}
