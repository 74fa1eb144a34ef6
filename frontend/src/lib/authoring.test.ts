import { describe, expect, it } from 'vitest';
import { checkPoints, copyId, formFieldOf, parseDefinition, withCheckPoints, withField } from './authoring';

const text = JSON.stringify({
  id: 'mine', title: 'Old', checks: [{ id: 'a', title: 'First', points: 2 }, { id: 'b', title: 'Second' }],
}, null, 2);

describe('the authoring form over the JSON definition', () => {
  it('sets a top-level field and keeps everything else', () => {
    const changed = parseDefinition(withField(text, 'title', 'New')).definition;
    expect(changed?.title).toBe('New');
    expect(changed?.id).toBe('mine');
    expect(changed?.checks).toHaveLength(2);
  });

  it('sets a check\'s points as a number, and leaves what is not a number for the server to name', () => {
    expect(checkPoints(parseDefinition(withCheckPoints(text, 1, '7')).definition).map((c) => c.points)).toEqual(['2', '7']);
    const typed = parseDefinition(withCheckPoints(text, 0, 'x')).definition as { checks: { points: unknown }[] };
    expect(typed.checks[0].points).toBe('x');
    expect(checkPoints(parseDefinition(text).definition)[1]).toEqual({ id: 'b', title: 'Second', points: '1' });
  });

  it('leaves text that is not a JSON object alone, saying why', () => {
    expect(withField('{"title":', 'title', 'x')).toBe('{"title":');
    expect(parseDefinition('{"title":').error).toMatch(/^not JSON/);
    expect(parseDefinition('[1]').error).toMatch(/JSON object/);
    expect(withCheckPoints('{"checks":[]}', 3, '1')).toBe('{"checks":[]}');
  });

  it('places a server error at its form field, or with the editor', () => {
    expect(formFieldOf('title')).toBe('title');
    expect(formFieldOf('checks[12].points')).toBe('checks[12].points');
    expect(formFieldOf('checks[0].steps[0].where.kind.like')).toBeNull();
    expect(formFieldOf('template')).toBeNull();
  });

  it('suggests a free id for a copy', () => {
    expect(copyId('handshake-basic', new Set())).toBe('handshake-basic-copy');
    expect(copyId('handshake-basic', new Set(['handshake-basic-copy', 'handshake-basic-copy-2']))).toBe('handshake-basic-copy-3');
  });
});
