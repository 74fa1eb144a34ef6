import { describe, expect, it } from 'vitest';
import type { Profile, Template } from '../api';
import { changedOverrides, checkKnobs, describeOverrides, knobDraft, SCRATCH_KNOBS, templateKnobs, toOverrides } from './knobs';

const linux: Profile = { name: 'linux', description: '', knobs: { timestamps: true, sack: true, windowScaling: true, syncookies: 1, backlog: 4096, synackRetries: 5, abortOnOverflow: false } };
const acceptQueue: Template = {
  id: 'accept-queue-overflow', title: 'Accept queue overflow', summary: '', whatToTry: [], whatToObserve: [],
  defaults: { profile: 'linux', overrides: { syncookies: 1, backlog: 8 } },
};

describe('knobs', () => {
  it('starts a template from its profile under its own overrides', () => {
    expect(templateKnobs(acceptQueue, [linux])).toEqual({ ...SCRATCH_KNOBS, backlog: '8', syncookies: '1' });
  });

  it('sends only what the student changed from the template', () => {
    const base = templateKnobs(acceptQueue, [linux]);
    expect(changedOverrides(base, base)).toEqual({});
    expect(changedOverrides({ ...base, abortOnOverflow: true }, base)).toEqual({ abortOnOverflow: true });
    expect(changedOverrides({ ...base, backlog: '16', timestamps: false }, base)).toEqual({ backlog: 16, timestamps: false });
  });

  it('sends every knob from scratch, and names bad numbers as the server does', () => {
    expect(toOverrides(SCRATCH_KNOBS)).toEqual({ timestamps: true, sack: true, windowScaling: true, abortOnOverflow: false, syncookies: 1, backlog: 128, synackRetries: 5 });
    expect(checkKnobs({ ...SCRATCH_KNOBS, backlog: '12a', synackRetries: '' })).toEqual({
      'overrides.backlog': 'digits only', 'overrides.synackRetries': 'digits only',
    });
  });

  it('keeps what a knob list does not name, and says the changes in words', () => {
    expect(knobDraft({ sack: false }, { ...SCRATCH_KNOBS, backlog: '8' })).toEqual({ ...SCRATCH_KNOBS, sack: false, backlog: '8' });
    expect(describeOverrides({ abortOnOverflow: true, backlog: 16 })).toBe('tcp_abort_on_overflow on, listen backlog 16');
  });
});
