// tcpdump's flag letters (print-tcp.c's tcp_flag_values): S SYN, F FIN, R RST, P PSH, U URG,
// E ECE, W CWR, and "." for ACK, so "S." is a SYN-ACK and "R." an RST with ACK.
import { FLAG_BITS } from './tcpHeader';

/** The letters as tcpdump prints them, in the order it prints them, with the flag each stands for. */
export const FLAG_LEGEND: { letter: string; flag: string }[] = ['S', 'F', 'R', 'P', 'U', 'E', 'W', '.'].map((letter) => ({
  letter, flag: FLAG_BITS.find((b) => b.letter === letter)!.name,
}));

/** "S." → "SYN + ACK"; "." → "ACK"; "none" when no flag is set (tcpdump prints "none" too). */
export function lettersMeaning(letters: string): string {
  if (letters === '' || letters === 'none') return 'no flags';
  return [...letters].map((c) => FLAG_LEGEND.find((l) => l.letter === c)?.flag ?? c).join(' + ');
}
