import { useEffect, useState } from 'react';
import SessionsView from './components/SessionsView';
import SessionPage from './components/SessionPage';
import CaptureReplayPage from './components/CaptureReplayPage';

// Hash routes keep Spring's static serving trivial: `#/` lists sessions, `#/sessions/{id}` opens one,
// `#/captures` replays an uploaded capture.
function currentRoute(): { sessionId: string | null; captures: boolean } {
  const m = /^#\/sessions\/([^/]+)/.exec(window.location.hash);
  return { sessionId: m ? decodeURIComponent(m[1]) : null, captures: window.location.hash.startsWith('#/captures') };
}

export function openSession(id: string | null) {
  window.location.hash = id ? `#/sessions/${encodeURIComponent(id)}` : '#/';
}

export default function App() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <>
      <header className="topbar">
        <a href="#/" className="brand">Handshake Lab</a>
        <span className="tagline">send a SYN, see the SYN-ACK, understand every bit</span>
        <a href="#/captures" className="nav-link" data-testid="nav-captures">Replay a capture</a>
      </header>
      <main>
        {route.captures ? <CaptureReplayPage />
          : route.sessionId ? <SessionPage key={route.sessionId} id={route.sessionId} /> : <SessionsView />}
      </main>
    </>
  );
}
