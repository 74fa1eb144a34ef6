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
