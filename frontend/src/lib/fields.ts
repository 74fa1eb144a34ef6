// Checks of typed form values shared by every form: whole numbers in a range, IPv4 and IPv6 addresses.

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

/**
 * Why `text` is not an IPv6 address (RFC 4291 §2.2 text), or null when it is. The browser's own
 * URL parser reads it (WHATWG URL "IPv6 parser"), so the rules are the platform's, not ours.
 */
export function ipv6Problem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'required';
  if (!t.includes(':') || /[^0-9a-fA-F:.]/.test(t)) return 'an IPv6 address: hex groups with colons, e.g. 2001:db8::1';
  try {
    new URL(`http://[${t}]/`);
    return null;
  } catch {
    return 'not an IPv6 address: at most 8 groups of 1 to 4 hex digits, and "::" at most once';
  }
}

/** Why `text` is neither an IPv4 nor an IPv6 address; a colon means the writer meant IPv6. */
export const ipProblem = (text: string): string | null => (text.includes(':') ? ipv6Problem(text) : ipv4Problem(text));

/** 6 for an address with a colon (IPv6 text always has one), else 4. */
export const ipVersionOf = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4);
