// The page's alert region: server problems that belong to no visible field, announced politely.
export default function Alerts({ messages, onDismiss }: { messages: string[]; onDismiss: () => void }) {
  return (
    <div className="alerts" role="alert" aria-live="assertive" data-testid="alerts">
      {messages.length > 0 && (
        <div className="alert">
          <span aria-hidden="true">⚠ </span>
          <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>
          <button type="button" onClick={onDismiss} data-testid="alerts-dismiss">Dismiss</button>
        </div>
      )}
    </div>
  );
}
