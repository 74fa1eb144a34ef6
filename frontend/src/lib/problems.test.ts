import { describe, expect, it } from 'vitest';
import { placeProblem } from './problems';

describe('placeProblem', () => {
  const problem = {
    type: 'https://handshakelab.dev/problems/invalid-request', title: 'Invalid request', status: 400,
    detail: 'options[2].shift must be between 0 and 255',
    errors: [{ field: 'options[2].shift', rule: '0..255', message: 'must be between 0 and 255' }],
  };
  it('puts a field error next to the field when the form shows it', () => {
    expect(placeProblem(problem, new Set(['options[2].shift']))).toEqual({ byField: { 'options[2].shift': 'must be between 0 and 255' }, general: [] });
  });
  it('falls back to the alert region for fields the form does not show', () => {
    expect(placeProblem(problem, new Set(['seq']))).toEqual({
      byField: {}, general: ['options[2].shift must be between 0 and 255', 'options[2].shift: must be between 0 and 255'],
    });
  });
  it('shows the detail of a problem without field errors', () => {
    expect(placeProblem({ status: 404, title: 'Session not found' }, new Set()).general).toEqual(['Session not found']);
  });
});
