// Who is using the page, shared by every view: loaded once from /auth/me, refreshed on sign-in/out.
import { createContext, useContext } from 'react';
import type { Me } from '../api';

export interface MeState {
  me: Me | null;
  /** Asks the server again (after signing in or out, or a password change). */
  refresh: () => Promise<void>;
}

export const MeContext = createContext<MeState>({ me: null, refresh: async () => {} });

export const useMe = () => useContext(MeContext);

export const isInstructor = (me: Me | null) => me?.account?.role === 'INSTRUCTOR' || me?.account?.role === 'ADMIN';
export const isAdmin = (me: Me | null) => me?.account?.role === 'ADMIN';
