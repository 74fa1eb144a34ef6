// The server knobs the new-session form offers, as typed: for "from scratch" every one is sent;
// for a template only those the student changed, which the server lays over the template's own
// overrides (SessionService.create merges them), so "this template, but with abort_on_overflow
// on" keeps everything else the template sets.
import type { Knobs, Profile, Template } from '../api';

export interface KnobDraft {
  timestamps: boolean;
  sack: boolean;
  windowScaling: boolean;
  abortOnOverflow: boolean;
  syncookies: string;
  backlog: string;
  synackRetries: string;
}

/** What "from scratch" starts with: Linux's defaults (net.ipv4.tcp_* and listen(fd, 128)). */
export const SCRATCH_KNOBS: KnobDraft = {
  timestamps: true, sack: true, windowScaling: true, abortOnOverflow: false, syncookies: '1', backlog: '128', synackRetries: '5',
};

const FLAGS = ['timestamps', 'sack', 'windowScaling', 'abortOnOverflow'] as const;
const NUMBERS = ['syncookies', 'backlog', 'synackRetries'] as const;

/** The form's values for these knobs; a knob they do not name keeps its value in `base`. */
export function knobDraft(knobs: Knobs | null | undefined, base: KnobDraft = SCRATCH_KNOBS): KnobDraft {
  const d = { ...base };
  for (const k of FLAGS) if (typeof knobs?.[k] === 'boolean') d[k] = knobs[k];
  for (const k of NUMBERS) if (typeof knobs?.[k] === 'number') d[k] = String(knobs[k]);
  return d;
}

/** A template's knobs as its sessions get them: its profile's, under the template's own overrides. */
export function templateKnobs(t: Template, profiles: readonly Profile[]): KnobDraft {
  const profile = profiles.find((p) => p.name === (t.defaults.profile ?? 'linux'));
  return knobDraft(t.defaults.overrides, knobDraft(profile?.knobs));
}

/** Problems keyed as the server names them. */
export function checkKnobs(d: KnobDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d+$/.test(d.backlog)) errors['overrides.backlog'] = 'digits only';
  if (!/^\d+$/.test(d.synackRetries)) errors['overrides.synackRetries'] = 'digits only';
  return errors;
}

/** Every knob of the form, as the overrides of a session from scratch; call only when checkKnobs found nothing. */
export function toOverrides(d: KnobDraft): Knobs {
  return {
    timestamps: d.timestamps, sack: d.sack, windowScaling: d.windowScaling, abortOnOverflow: d.abortOnOverflow,
    syncookies: Number(d.syncookies), backlog: Number(d.backlog), synackRetries: Number(d.synackRetries),
  };
}

/** Only the knobs that differ from `base` (the template's), as overrides; empty when nothing changed. */
export function changedOverrides(d: KnobDraft, base: KnobDraft): Knobs {
  const all = toOverrides(d);
  const was = toOverrides(base);
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => was[k as keyof Knobs] !== v)) as Knobs;
}

const NAMES: Record<string, string> = {
  timestamps: 'timestamps', sack: 'SACK', windowScaling: 'window scaling', abortOnOverflow: 'tcp_abort_on_overflow',
  syncookies: 'tcp_syncookies', backlog: 'listen backlog', synackRetries: 'tcp_synack_retries',
};

/** "tcp_abort_on_overflow on, listen backlog 16": the changes in words. */
export function describeOverrides(k: Knobs): string {
  return Object.entries(k).map(([name, v]) => `${NAMES[name] ?? name} ${v === true ? 'on' : v === false ? 'off' : String(v)}`).join(', ');
}
