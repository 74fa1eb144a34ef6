// Checks of typed form values shared by every form: whole numbers in a range, IPv4 addresses.

/** Why `text` is not a whole number from lo to hi, or null when it is. */
export function intProblem(text: string, lo: number, hi: number): string | null {
  const t = text.trim();
  if (t === '') return 'required';
  if (!/^\d+$/.test(t)) return 'digits only';
  const v = Number(t);
  return v < lo || v > hi ? `must be between ${lo} and ${hi}` : null;
}

/** Why `text` is not an IPv4 address in dotted-quad form (RFC 791), or null when it is. */
export function ipv4Problem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'required';
  const parts = t.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return 'an IPv4 address: four numbers with dots, e.g. 10.0.0.1';
  const bad = parts.find((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')));
  return bad === undefined ? null : `${bad} is not a byte: each part is 0 to 255, without leading zeros`;
}
