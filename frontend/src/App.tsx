import { useCallback, useEffect, useState } from 'react';
import { api, type Me } from './api';
import AccountPage from './components/AccountPage';
import AdminPage from './components/AdminPage';
import { SignInPage, SignUpPage } from './components/AuthPages';
import { CoursePage, CoursesPage } from './components/CoursesPage';
import SessionsView from './components/SessionsView';
import SessionPage from './components/SessionPage';
import CaptureReplayPage from './components/CaptureReplayPage';
import DashboardPage from './components/DashboardPage';
import PacketdrillPage from './components/PacketdrillPage';
import ExercisesPage from './components/ExercisesPage';
import AuthoringPage from './components/AuthoringPage';
import { isAdmin, isInstructor, MeContext } from './lib/session-context';

// Hash routes keep Spring's static serving trivial: `#/` lists sessions, `#/sessions/{id}` opens one,
// `#/exercises` lists the exercises, `#/packetdrill` runs a script, `#/captures` replays an uploaded capture, and the account pages live under `#/signin`, `#/signup`, `#/account`,
// `#/courses[/{id}]`, `#/courses/{id}/dashboard`, `#/admin`, and an instructor's own exercises under `#/authoring`.
export type Route =
  | { page: 'home' }
  | { page: 'session'; id: string }
  | { page: 'signin' | 'signup' | 'account' | 'courses' | 'admin' | 'packetdrill' | 'captures' | 'exercises' | 'authoring' }
  | { page: 'course'; id: string }
  | { page: 'dashboard'; id: string };

export function parseRoute(hash: string): Route {
  const session = /^#\/sessions\/([^/]+)/.exec(hash);
  if (session) return { page: 'session', id: decodeURIComponent(session[1]) };
  const dashboard = /^#\/courses\/([^/]+)\/dashboard\/?$/.exec(hash);
  if (dashboard) return { page: 'dashboard', id: decodeURIComponent(dashboard[1]) };
  const course = /^#\/courses\/([^/]+)/.exec(hash);
  if (course) return { page: 'course', id: decodeURIComponent(course[1]) };
  const simple = /^#\/(signin|signup|account|courses|admin|packetdrill|captures|exercises|authoring)\/?$/.exec(hash);
  if (simple) return { page: simple[1] as 'signin' };
  return { page: 'home' };
}

export function openSession(id: string | null) {
  window.location.hash = id ? `#/sessions/${encodeURIComponent(id)}` : '#/';
}

export default function App() {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  const [me, setMe] = useState<Me | null>(null);
  const refresh = useCallback(async () => {
    try { setMe(await api.me()); } catch { setMe(null); }
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Where guests are turned off, a visitor must sign in before any lab page.
  const mustSignIn = me !== null && !me.account && !me.guestsEnabled && route.page !== 'signup';
  const page = mustSignIn ? { page: 'signin' as const } : route;

  return (
    <MeContext.Provider value={{ me, refresh }}>
      {/* WCAG 2.4.1: the first Tab stop jumps past the navigation. A plain #lab href would change the
          hash route, so the click moves the focus itself. */}
      <a href="#lab" className="skip-link" data-testid="skip-link"
        onClick={(e) => { e.preventDefault(); document.getElementById('lab')?.focus(); }}>Skip to the lab</a>
      <header className="topbar">
        <a href="#/" className="brand">Handshake Lab</a>
        <span className="tagline">send a SYN, see the SYN-ACK, understand every bit</span>
        <a href="#/exercises" className="topbar-link" data-testid="nav-exercises">Exercises</a>
        <a href="#/packetdrill" className="topbar-link" data-testid="nav-packetdrill">packetdrill</a>
        <a href="#/captures" className="topbar-link" data-testid="nav-captures">Replay a capture</a>
        <AccountBar me={me} onSignedOut={refresh} />
      </header>
      <main id="lab" tabIndex={-1}>
        {page.page === 'session' ? <SessionPage key={page.id} id={page.id} />
          : page.page === 'course' ? <CoursePage key={page.id} id={page.id} />
          : page.page === 'dashboard' ? <DashboardPage key={page.id} id={page.id} />
          : page.page === 'signin' ? <SignInPage />
          : page.page === 'signup' ? <SignUpPage />
          : page.page === 'account' ? <AccountPage />
          : page.page === 'courses' ? <CoursesPage />
          : page.page === 'admin' ? <AdminPage />
          : page.page === 'packetdrill' ? <PacketdrillPage />
          : page.page === 'captures' ? <CaptureReplayPage />
          : page.page === 'exercises' ? <ExercisesPage />
          : page.page === 'authoring' ? <AuthoringPage />
          : <SessionsView />}
      </main>
    </MeContext.Provider>
  );
}

function AccountBar({ me, onSignedOut }: { me: Me | null; onSignedOut: () => Promise<void> }) {
  if (!me) return null;
  if (!me.account) {
    return (
      <nav className="account-bar" aria-label="Account" data-testid="account-bar">
        {me.guest && <span className="muted" title="Your sessions belong to this browser only">guest</span>}
        <a href="#/signin" data-testid="nav-signin">Sign in</a>
        {me.signUp.enabled && <a href="#/signup" data-testid="nav-signup">Sign up</a>}
      </nav>
    );
  }
  const signOut = async () => {
    await api.signOut();
    await onSignedOut();
    window.location.hash = '#/';
  };
  return (
    <nav className="account-bar" aria-label="Account" data-testid="account-bar">
      <a href="#/courses" data-testid="nav-courses">Courses</a>
      {isInstructor(me) && <a href="#/authoring" data-testid="nav-authoring">My exercises</a>}
      {isAdmin(me) && <a href="#/admin" data-testid="nav-admin">Accounts</a>}
      <a href="#/account" data-testid="nav-account">{me.account.displayName}</a>
      <button type="button" className="link" onClick={() => void signOut()} data-testid="nav-signout">Sign out</button>
    </nav>
  );
}
