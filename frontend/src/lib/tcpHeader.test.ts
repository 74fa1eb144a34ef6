import { describe, expect, it } from 'vitest';
import { bytesOfField, decodeTcpHeader, diagramRows, fieldsAtByte, flagLetters } from './tcpHeader';

// A Linux SYN-ACK from 10.0.0.2:80 to 10.0.0.1:40000 as the API's example describes it:
// ISN 123456789, ack 1001, win 64240, <mss 1460,sackOK,TS val 5 ecr 100,nop,wscale 7>.
const SYN_ACK =
  '0050 9c40 075bcd15 000003e9 a012 faf0 1c2d 0000' +
  '020405b4 0402 080a 00000005 00000064 01 030307';

describe('decodeTcpHeader on a real Linux SYN-ACK', () => {
  const h = decodeTcpHeader(SYN_ACK);

  it('reads the fixed header fields of RFC 9293 §3.1', () => {
    expect(h.srcPort).toBe(80);
    expect(h.dstPort).toBe(40000);
    expect(h.seq).toBe(123456789);
    expect(h.ack).toBe(1001);
    expect(h.dataOffset).toBe(10);
    expect(h.length).toBe(40);
    expect(h.flags).toEqual(['ACK', 'SYN']);
    expect(flagLetters(h.flags)).toBe('S.');
    expect(h.window).toBe(64240);
    expect(h.checksum).toBe(0x1c2d);
    expect(h.urgentPointer).toBe(0);
    expect(h.problems).toEqual([]);
    expect(h.payloadLength).toBe(0);
  });

  it('decodes the options in wire order with their offsets', () => {
    expect(h.options.map((o) => [o.name, o.offset, o.length, o.text])).toEqual([
      ['mss', 20, 4, 'mss 1460'],
      ['sackOK', 24, 2, 'sackOK'],
      ['timestamps', 26, 10, 'TS val 5 ecr 100'],
      ['nop', 36, 1, 'nop'],
      ['wscale', 37, 3, 'wscale 7'],
    ]);
  });

  it('maps bytes to fields and fields to bytes both ways', () => {
    expect(fieldsAtByte(h, 0)).toEqual(['srcPort']);
    expect(fieldsAtByte(h, 7)).toEqual(['seq']);
    // byte 12 carries data offset, reserved bits and the NS flag
    expect(fieldsAtByte(h, 12)).toEqual(['dataOffset', 'reserved', 'flag-NS']);
    expect(fieldsAtByte(h, 13)).toHaveLength(8);
    expect(fieldsAtByte(h, 30)).toEqual(['opt-2']);
    expect(fieldsAtByte(h, 39)).toEqual(['opt-4']);
    expect(bytesOfField(h, 'opt-2')).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    expect(bytesOfField(h, 'window')).toEqual([14, 15]);
  });

  it('lays the header out in 32-bit rows, options wrapping across rows', () => {
    const rows = diagramRows(h);
    expect(rows).toHaveLength(10);
    expect(rows[0].map((c) => [c.fieldId, c.column, c.span])).toEqual([['srcPort', 0, 16], ['dstPort', 16, 16]]);
    expect(rows[3].map((c) => c.span).reduce((a, b) => a + b)).toBe(32);
    expect(rows[3][0]).toMatchObject({ fieldId: 'dataOffset', column: 0, span: 4 });
    // timestamps start at byte 26 (row 6, bit 16) and end at byte 36
    expect(rows[6].map((c) => c.fieldId)).toEqual(['opt-1', 'opt-2']);
    expect(rows[8].map((c) => c.fieldId)).toEqual(['opt-2']);
    expect(rows[9].map((c) => [c.fieldId, c.span])).toEqual([['opt-3', 8], ['opt-4', 24]]);
    for (const r of rows) expect(r.reduce((n, c) => n + c.span, 0)).toBe(32);
  });
});

describe('decodeTcpHeader on odd input', () => {
  it('reads the NS bit from byte 12 and marks padding after EOL', () => {
    const h = decodeTcpHeader('0050 9c40 00000001 00000000 6103 0000 0000 0000 00000000');
    expect(h.flags).toEqual(['NS', 'SYN', 'FIN']);
    expect(h.options.map((o) => o.name)).toEqual(['eol']);
    expect(fieldsAtByte(h, 21)).toEqual(['padding']);
  });

  it('reports a truncated option instead of reading past the header', () => {
    const h = decodeTcpHeader('0050 9c40 00000001 00000000 6002 0000 0000 0000 020a0000');
    expect(h.problems[0]).toMatch(/bad length 10/);
    expect(fieldsAtByte(h, 22)).toEqual(['malformed']);
  });

  it('counts bytes beyond the data offset as data', () => {
    const h = decodeTcpHeader('0050 9c40 00000001 00000000 5018 0000 0000 0000 6869');
    expect(h.payloadLength).toBe(2);
    expect(fieldsAtByte(h, 21)).toEqual(['data']);
  });

  it('refuses fewer than 20 bytes and bad hex', () => {
    expect(() => decodeTcpHeader('0050')).toThrow(/at least 20/);
    expect(() => decodeTcpHeader('0g')).toThrow(/not a hex digit/);
  });
});
