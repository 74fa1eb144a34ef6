// Pure helpers of the capture replay view, kept apart from React so they can be unit tested.
import type { CapturedFlow, ReplayAnswer, ReplayReport } from '../captures';

/** One line per flow for the picker: who talks to whom, how much, and whether it can be replayed. */
export function flowLabel(f: CapturedFlow): string {
  const what = `${f.client} → ${f.server} (IPv${f.ipVersion}, ${f.packets} packets, ${f.durationMillis.toFixed(1)} ms)`;
  return f.replayable ? what : `${what}: ${f.notReplayable}`;
}

/** The flow to preselect: the first replayable one. */
export function defaultFlow(flows: CapturedFlow[]): string {
  return flows.find((f) => f.replayable)?.id ?? '';
}

/** The fields of an answer that differ, in order. */
export function differingFields(a: ReplayAnswer): string[] {
  return a.fields.filter((f) => !f.same).map((f) => f.field);
}

/** A one-line verdict for the report's header. */
export function verdict(r: ReplayReport): string {
  if (r.compared === 0) return 'Neither server answered anything.';
  if (r.differing === 0 && r.compared === 1) return `The simulated ${r.profile} server's answer matches the captured one.`;
  if (r.differing === 0) return `All ${r.compared} answers of the simulated ${r.profile} server match the captured ones.`;
  return `${r.differing} of ${r.compared} answers differ from the captured server's.`;
}
