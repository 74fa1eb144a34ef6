import { describe, expect, it } from 'vitest';
import { FLAG_LEGEND, lettersMeaning } from './flagLetters';

describe("tcpdump's flag letters", () => {
  it('reads the letters the ladder and the timeline print', () => {
    expect(lettersMeaning('S')).toBe('SYN');
    expect(lettersMeaning('S.')).toBe('SYN + ACK');
    expect(lettersMeaning('R.')).toBe('RST + ACK');
    expect(lettersMeaning('P.')).toBe('PSH + ACK');
    expect(lettersMeaning('.')).toBe('ACK');
    expect(lettersMeaning('none')).toBe('no flags');
  });
  it('lists every letter once, the ACK dot last', () => {
    expect(FLAG_LEGEND.map((l) => `${l.letter}=${l.flag}`).join(' ')).toBe('S=SYN F=FIN R=RST P=PSH U=URG E=ECE W=CWR .=ACK');
  });
});
