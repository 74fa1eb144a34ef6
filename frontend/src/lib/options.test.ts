import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../api';
import { checkOptions, headerLength, moveOption, optionBytes, optionText, removeOption, SYN_PRESETS } from './options';

const preset = (id: string) => SYN_PRESETS.find((p) => p.id === id)!;

describe('option byte counting', () => {
  it('matches the sizes real client SYNs have on the wire', () => {
    // Linux: 20 bytes of options -> data offset 10; Windows: 12 -> 8; macOS: 23 (+1 padding) -> 11.
    expect(optionBytes(preset('linux').options)).toBe(20);
    expect(optionBytes(preset('windows').options)).toBe(12);
    expect(optionBytes(preset('macos').options)).toBe(23);
    expect(headerLength(preset('macos').options)).toBe(44);
    expect(headerLength(preset('linux').options)).toBe(40);
    expect(headerLength([{ kind: 'wscale', shift: 7 }])).toBe(24);
  });

  it('renders the list as tcpdump does', () => {
    expect(preset('linux').options.map(optionText).join(',')).toBe('mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7');
    expect(preset('windows').options.map(optionText).join(',')).toBe('mss 1460,nop,wscale 8,nop,nop,sackOK');
  });
});

describe('option list editing', () => {
  const list: OptionSpec[] = [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'sackOK' }];
  it('moves an entry up and down and leaves the ends alone', () => {
    expect(moveOption(list, 2, -1).map((o) => o.kind)).toEqual(['mss', 'sackOK', 'nop']);
    expect(moveOption(list, 0, 1).map((o) => o.kind)).toEqual(['nop', 'mss', 'sackOK']);
    expect(moveOption(list, 0, -1)).toEqual(list);
    expect(moveOption(list, 2, 1)).toEqual(list);
    expect(list.map((o) => o.kind)).toEqual(['mss', 'nop', 'sackOK']); // not mutated
  });
  it('removes by position', () => {
    expect(removeOption(list, 1).map((o) => o.kind)).toEqual(['mss', 'sackOK']);
  });
});

describe('option validation', () => {
  it('rejects more than 40 bytes of options', () => {
    const ts: OptionSpec = { kind: 'timestamps', tsVal: 1, tsEcr: 0 };
    expect(checkOptions([ts, ts, ts, ts]).errors).toEqual({});
    expect(checkOptions([ts, ts, ts, ts, { kind: 'nop' }]).errors['options']).toMatch(/41 bytes/);
  });
  it('keys errors like the server (options[i].field) and notes wscale above 14', () => {
    const c = checkOptions([{ kind: 'mss', mss: 70000 }, { kind: 'wscale', shift: 15 }, { kind: 'wscale', shift: 256 }]);
    expect(c.errors).toEqual({ 'options[0].mss': 'must be between 0 and 65535', 'options[2].shift': 'must be between 0 and 255' });
    expect(c.notes['options[1].shift']).toMatch(/treat it as 14/);
  });
  it('checks hex of raw options and fast open cookies', () => {
    const c = checkOptions([{ kind: 'unknown', code: 300, dataHex: 'abc' }, { kind: 'fastOpen', cookieHex: 'zz' }]);
    expect(Object.keys(c.errors).sort()).toEqual(['options[0].code', 'options[0].dataHex', 'options[1].cookieHex']);
  });
});
