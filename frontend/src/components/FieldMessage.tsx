// An error or note shown right under a form field, tied to it with aria-describedby.
export const messageId = (fieldId: string) => `${fieldId}-msg`;

export default function FieldMessage({ fieldId, error, note }: { fieldId: string; error?: string; note?: string }) {
  if (!error && !note) return null;
  return (
    <span id={messageId(fieldId)} className={error ? 'field-error' : 'field-note'} data-testid={`${fieldId}-msg`}>
      {error ? <><span aria-hidden="true">✖ </span>{error}</> : <><span aria-hidden="true">ℹ </span>{note}</>}
    </span>
  );
}

interface InputProps {
  /** Element id and data-testid; the message under it is `{id}-msg`. */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  numeric?: boolean;
  size?: number;
  className?: string;
}

/** A labelled text input with its error underneath, marked invalid for assistive technology too. */
export function LabeledInput({ id, label, value, onChange, error, numeric = true, size, className = 'field' }: InputProps) {
  return (
    <label className={className}>
      <span>{label}</span>
      <input id={id} inputMode={numeric ? 'numeric' : 'text'} size={size} value={value} onChange={(e) => onChange(e.target.value)} data-testid={id}
        aria-invalid={!!error} aria-describedby={error ? messageId(id) : undefined} />
      <FieldMessage fieldId={id} error={error} />
    </label>
  );
}
