import { useEffect, useState } from 'react';
import SessionsView from './components/SessionsView';
import SessionPage from './components/SessionPage';
import PacketdrillPage from './components/PacketdrillPage';

// Hash routes keep Spring's static serving trivial: `#/` lists sessions, `#/sessions/{id}` opens one,
// `#/packetdrill` runs a script.
function currentRoute(): { sessionId: string | null; packetdrill: boolean } {
  const m = /^#\/sessions\/([^/]+)/.exec(window.location.hash);
  return { sessionId: m ? decodeURIComponent(m[1]) : null, packetdrill: window.location.hash.startsWith('#/packetdrill') };
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
        <a href="#/packetdrill" className="topbar-link" data-testid="nav-packetdrill">packetdrill</a>
      </header>
      <main>
        {route.packetdrill ? <PacketdrillPage /> : route.sessionId ? <SessionPage key={route.sessionId} id={route.sessionId} /> : <SessionsView />}
      </main>
    </>
  );
}
