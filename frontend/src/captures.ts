// Captures in: the API's /captures operations (a pcap or pcapng file uploaded with each call).
import { call } from './api';

export interface CaptureInterface { id: number; name: string | null; linkType: number; packets: number }
export interface SkippedPackets { reason: string; count: number; firstRecord: number }
export interface CapturedFlow {
  id: string; client: string; server: string; ipVersion: number; packets: number; clientPackets: number;
  serverPackets: number; firstRecord: number; durationMillis: number; firstSegments: string[];
  replayable: boolean; notReplayable: string | null;
}
export interface FlowListing {
  format: string; packets: number; interfaces: CaptureInterface[]; tcpPackets: number;
  skipped: SkippedPackets[]; flows: CapturedFlow[];
}
export interface ReplayedSegment {
  record: number | null; atMillis: number; flags: string; relSeq: number; relAck: number | null; window: number;
  options: string[]; payloadBytes: number; summary: string;
}
export interface ReplayField { field: string; captured: string | null; simulated: string | null; same: boolean; explanation: string | null }
export interface ReplayAnswer { captured: ReplayedSegment | null; simulated: ReplayedSegment | null; same: boolean; fields: ReplayField[] }
export interface ReplayExchange { client: ReplayedSegment | null; answers: ReplayAnswer[] }
export interface ReplayReport {
  flow: string; profile: string; knobs: Record<string, unknown>; serverSocket: string; checksums: string;
  negotiation: string | null; compared: number; differing: number; differences: string[];
  exchanges: ReplayExchange[]; method: string;
}

export interface ReplayOptions { flow: string; profile: string; mtu?: number; checksums?: 'verify' | 'ignore'; iface?: number }

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const captures = {
  flows: (file: Blob, iface?: number) => call<FlowListing>('POST', `/captures/flows${query({ interface: iface })}`, file),
  replay: (file: Blob, o: ReplayOptions) => call<ReplayReport>('POST', `/captures/replay${query({
    flow: o.flow, profile: o.profile, mtu: o.mtu, checksums: o.checksums, interface: o.iface })}`, file),
};
