// The authoring page's small decisions, kept pure for tests: the definition is edited as JSON
// text, and the form's fields (title, learning goal, instructions, each check's points) read and
// change that text, so the text stays the one thing sent to the server.
import type { Definition } from '../authoring';

export type Parsed = { definition: Definition; error: null } | { definition: null; error: string };

/** The text as a definition, or why it is not one (the server names schema errors; this is only "not a JSON object"). */
export function parseDefinition(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { definition: null, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { definition: null, error: 'must be a JSON object, as an exercise file is' };
  }
  return { definition: value as Definition, error: null };
}

export const definitionText = (d: Definition) => JSON.stringify(d, null, 2);

/** The text with one top-level string field set; unchanged while the text is not a JSON object. */
export function withField(text: string, field: 'title' | 'learningGoal' | 'instructions', value: string): string {
  const p = parseDefinition(text);
  return p.definition ? definitionText({ ...p.definition, [field]: value }) : text;
}

/** The text with check {@code index}'s points set (a number, or left as typed for the server to refuse). */
export function withCheckPoints(text: string, index: number, value: string): string {
  const p = parseDefinition(text);
  if (!p.definition || !Array.isArray(p.definition.checks) || typeof p.definition.checks[index] !== 'object') return text;
  const n = Number(value);
  const checks = p.definition.checks.map((c, i) =>
    i === index ? { ...(c as object), points: value.trim() !== '' && Number.isInteger(n) ? n : value } : c);
  return definitionText({ ...p.definition, checks });
}

export interface CheckPoints { id: string; title: string; points: string }

/** Each check's id, title and points as the form shows them. */
export function checkPoints(d: Definition | null): CheckPoints[] {
  if (!d || !Array.isArray(d.checks)) return [];
  return d.checks.map((c, i) => {
    const check = (c ?? {}) as { id?: unknown; title?: unknown; points?: unknown };
    return { id: String(check.id ?? `check ${i + 1}`), title: String(check.title ?? ''), points: check.points === undefined ? '1' : String(check.points) };
  });
}

/** The form field a server error belongs to: `title`, `checks[2].points`; anything else stays with the JSON editor. */
export function formFieldOf(field: string): string | null {
  if (['title', 'learningGoal', 'instructions'].includes(field)) return field;
  return /^checks\[\d+]\.points$/.test(field) ? field : null;
}

/** A free id for a copy of {@code source}: "<source>-copy", then "-copy-2", ... (the server still decides). */
export function copyId(source: string, taken: ReadonlySet<string>): string {
  const base = `${source}-copy`.slice(0, 60);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
