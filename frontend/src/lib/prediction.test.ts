import { describe, expect, it } from 'vitest';
import type { PredictionSummary } from '../exercises';
import { describePrediction, EMPTY_DRAFT, formatValue, toRequest } from './prediction';

const ack: PredictionSummary = { id: 'synack-ack', prompt: 'ack?', before: 'your SYN', fields: ['ack'], points: 2 };
const rst: PredictionSummary = { id: 'rst', prompt: '?', before: 'your SYN', fields: ['nothing', 'flags', 'seq', 'ack'], points: 2 };
const state: PredictionSummary = { id: 'st', prompt: '?', before: 'your ACK', fields: ['state', 'nothing'], points: 1 };

describe('toRequest', () => {
  it('sends only the asked fields, as numbers', () => {
    expect(toRequest(ack, { ...EMPTY_DRAFT, ack: ' 1001 ', window: '5' })).toEqual({ request: { predictionId: 'synack-ack', ack: 1001 }, errors: {} });
  });
  it('names an empty or out-of-range field', () => {
    expect(toRequest(ack, EMPTY_DRAFT).errors).toEqual({ ack: 'required' });
    expect(toRequest(ack, { ...EMPTY_DRAFT, ack: '4294967296' }).errors.ack).toMatch(/0 to 4294967295/);
    expect(toRequest(ack, { ...EMPTY_DRAFT, ack: '-1' }).request).toBeNull();
  });
  it('leaves the segment fields out when nothing comes back, but keeps the state', () => {
    expect(toRequest(rst, { ...EMPTY_DRAFT, nothing: true, seq: '7' }).request).toEqual({ predictionId: 'rst', nothingComesBack: true });
    expect(toRequest(state, { ...EMPTY_DRAFT, nothing: true, state: 'ESTABLISHED' }).request)
      .toEqual({ predictionId: 'st', nothingComesBack: true, state: 'ESTABLISHED' });
  });
  it('orders flags canonically and splits options in the order typed', () => {
    const r = toRequest({ ...rst, fields: ['flags', 'options'] }, { ...EMPTY_DRAFT, flags: ['ACK', 'RST'], options: 'mss, sackOK timestamps,wscale' });
    expect(r.request).toEqual({ predictionId: 'rst', flags: ['ACK', 'RST'], options: ['mss', 'sackOK', 'timestamps', 'wscale'] });
  });
});

describe('formatValue and describePrediction', () => {
  it('read as the student would say them', () => {
    expect(formatValue('nothing', true)).toBe('nothing comes back');
    expect(formatValue('options', [])).toBe('none');
    expect(formatValue('ack', null)).toBe('—');
    expect(describePrediction({ predictionId: 'x', nothingComesBack: true, state: 'SYN_RECEIVED' })).toBe('nothing comes back; state SYN_RECEIVED');
    expect(describePrediction({ predictionId: 'x', flags: ['RST', 'ACK'], ack: 5001 })).toBe('flags RST, ACK; ack 5001');
  });
});
