import { describe, expect, it } from 'vitest';
import { parseRoute } from './App';

describe('hash routes', () => {
  it('open a session, a course, or one of the account pages', () => {
    expect(parseRoute('#/sessions/abc%2D1')).toEqual({ page: 'session', id: 'abc-1' });
    expect(parseRoute('#/courses/c1')).toEqual({ page: 'course', id: 'c1' });
    expect(parseRoute('#/courses/c1/dashboard')).toEqual({ page: 'dashboard', id: 'c1' });
    expect(parseRoute('#/courses')).toEqual({ page: 'courses' });
    expect(parseRoute('#/signin')).toEqual({ page: 'signin' });
    expect(parseRoute('#/account/')).toEqual({ page: 'account' });
    expect(parseRoute('#/admin')).toEqual({ page: 'admin' });
    expect(parseRoute('#/packetdrill')).toEqual({ page: 'packetdrill' });
    expect(parseRoute('#/captures')).toEqual({ page: 'captures' });
    expect(parseRoute('#/exercises')).toEqual({ page: 'exercises' });
  });

  it('fall back to the sessions list for anything else', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/signinx')).toEqual({ page: 'home' });
  });
});
