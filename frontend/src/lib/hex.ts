// Hex text <-> bytes. Spaces and newlines are allowed between digits (API.md: "spaces allowed").

/** Why `text` is not usable hex, or null when it is. */
export function hexProblem(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  const bad = compact.search(/[^0-9a-fA-F]/);
  if (bad >= 0) return `'${compact[bad]}' is not a hex digit (0-9, a-f)`;
  if (compact.length % 2 !== 0) return `odd number of hex digits (${compact.length}); each byte needs two`;
  return null;
}

export function hexToBytes(text: string): Uint8Array {
  const problem = hexProblem(text);
  if (problem) throw new Error(problem);
  const compact = text.replace(/\s+/g, '');
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}
