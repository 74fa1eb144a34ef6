// Typed client for the Handshake Lab HTTP API v1 (see API.md). Every URL is relative so the
// same build works when Spring serves it at `/` and behind Vite's dev proxy.

export type FlagName = 'NS' | 'CWR' | 'ECE' | 'URG' | 'ACK' | 'PSH' | 'RST' | 'SYN' | 'FIN';
export type Host = 'client' | 'server' | string;

export interface Clock {
  nowMicros: number;
  nextDeadlineMicros: number | null;
}

export interface Knobs {
  mtu?: number;
  timestamps?: boolean;
  sack?: boolean;
  windowScaling?: boolean;
  syncookies?: number;
  synackRetries?: number;
  synRetries?: number;
  backlog?: number;
  somaxconn?: number;
  abortOnOverflow?: boolean;
  initialRtoMillis?: number;
  tcpRmem?: [number, number, number];
  rmemMax?: number;
  maxSynBacklog?: number;
  minSndMss?: number;
  invalidRatelimitMillis?: number;
  synLinearTimeouts?: number;
  ecn?: number;
  /** setsockopt(TCP_MAXSEG) on the listener; 0 unset. */
  tcpMaxseg?: number;
  /** setsockopt(TCP_DEFER_ACCEPT) on the listener, in seconds; 0 off. */
  deferAcceptSeconds?: number;
  /** net.ipv4.tcp_fastopen bits: 0x1 client, 0x2 server, 0x200 no cookie needed, 0x400 without TCP_FASTOPEN. */
  tcpFastopen?: number;
  /** setsockopt(TCP_FASTOPEN, qlen) on the listener; 0 not set. */
  fastOpenQlen?: number;
}

export interface Address {
  address: string;
  port?: number;
}

/** Which segments a loss box or filter rule selects; a field left out matches anything. */
export interface SegmentMatch {
  flags?: string[];
  direction?: 'client-to-server' | 'server-to-client';
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
}

export type FilterRule = SegmentMatch & { action: string; icmp?: string };

export type Middlebox =
  | { id: string; type: 'loss'; match?: SegmentMatch; nth?: number[]; probability?: number }
  | { id: string; type: 'delay'; latencyMillis?: number; jitterMillis?: number }
  | { id: string; type: 'conntrack-firewall'; onMismatch?: string; icmp?: string }
  | { id: string; type: 'filter'; rules?: FilterRule[]; defaultAction?: string; icmp?: string };

/** The network between the hosts: boxes by id, and the ids each direction passes in order. */
export interface PathSpec {
  middleboxes?: Middlebox[];
  forward?: string[];
  back?: string[];
}

export interface CreateSession {
  name: string;
  template?: string;
  seed?: number;
  profile?: string;
  overrides?: Knobs;
  server?: { address: string; port?: number };
  client?: { address: string };
  path?: PathSpec;
  startTimeMillis?: number;
  courseId?: string;
}

export type Role = 'STUDENT' | 'INSTRUCTOR' | 'ADMIN';

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface Me {
  account: AccountView | null;
  guest: boolean;
  guestsEnabled: boolean;
  signUp: { enabled: boolean; requiresJoinCode: boolean };
}

export interface SignUp {
  username: string;
  password: string;
  displayName?: string;
  email?: string;
  joinCode?: string;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  token: string;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
}

export interface Course {
  id: string;
  name: string;
  term: string;
  myRole: 'instructor' | 'student';
  joinCode: string | null;
  instructors: Person[] | null;
  students: Person[] | null;
  createdAt: string;
}

/** One student's row of a course's dashboard, as the class view and every live update carry it. */
export interface DashboardRow {
  studentId: string;
  username: string;
  displayName: string;
  sessionId: string | null;
  status: 'not started' | 'working' | 'passed' | 'stuck';
  reason: string;
  checksPassed: number | null;
  checksTotal: number | null;
  score: number | null;
  points: number | null;
  lastActivity: string | null;
  steps: number;
  endpoints: string | null;
  /** The assignment whose view the row is of; null: the course's view (a course without assignments). */
  assignmentId: string | null;
  /** The attempt the score and checks are of (the best); `sessionId` is the current one. */
  bestSessionId: string | null;
  attempts: number;
}

/** An assignment to choose the dashboard's view by. */
export interface DashboardAssignment { id: string; exerciseId: string; title: string; assignedAt: string }

/** An assignment's stuck rules; 0 turns a rule off. */
export interface StuckRuleSettings {
  noProgressMinutes: number;
  noProgressSteps: number;
  repeatedRst: number;
  repeatedPrediction: number;
  idleMinutes: number;
}

export interface AssignmentStuckRules { assignmentId: string; own: boolean; rules: StuckRuleSettings; stated: string[] }

export interface ClassView {
  courseId: string;
  courseName: string;
  /** The assignment the rows are of (null: the course has none); `assignments` are the course's, newest first. */
  assignmentId: string | null;
  exerciseId: string | null;
  assignments: DashboardAssignment[];
  /** The number of the latest update the rows include: the stream follows from it. */
  lastEventId: number;
  at: string;
  rules: string[];
  rows: DashboardRow[];
}

export interface CommonMistakes {
  courseId: string;
  assignmentId: string | null;
  graded: number;
  checks: { checkId: string; title: string; failing: number; percent: number;
    typical: { explanation: string; students: number; example: string }[] }[];
  /** Per prediction: of the students graded on it, how many got it wrong, and the typical wrong answers by what they were. */
  predictions: { predictionId: string; prompt: string; graded: number; wrong: number; percent: number;
    typical: { field: string; label: string; students: number; percent: number }[] }[];
}

export interface SessionNote {
  id: string;
  sessionId: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface RosterResult {
  rows: { line: number; username: string; displayName: string; created: boolean; initialPassword: string | null }[];
  enrolled: number;
  created: number;
}

export interface AdminAccount {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  enabled: boolean;
  hasPassword: boolean;
}

export interface IssuedPassword {
  account: AdminAccount;
  password: string;
}

export interface SessionOwner {
  id: string | null;
  username: string | null;
  displayName: string | null;
  guest: boolean;
}

export interface Session {
  id: string;
  owner?: SessionOwner;
  /** 'owner': everything; 'read': an instructor of the owner's course, who may only read and reset. */
  access?: 'owner' | 'read';
  courseId?: string | null;
  replacedBy?: string | null;
  name: string;
  template: string | null;
  seed: number;
  profile: string;
  knobs: Knobs;
  server: { address: string; port: number };
  client: { address: string };
  path?: PathSpec | null;
  createdAt: string;
  updatedAt: string;
  steps: number;
  clock: Clock;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Template {
  id: string;
  title: string;
  summary: string;
  whatToTry: string[];
  whatToObserve: string[];
  /** The session settings the template starts from (LabTemplate.Defaults): its addresses are IPv4 or IPv6. */
  defaults: Omit<CreateSession, 'name'> & { serverAddress?: string; serverPort?: number; clientAddress?: string };
}

export interface Profile {
  name: string;
  description: string;
  knobs: Knobs;
}

/** A TCP option as sent in a request (API.md "Option kinds"). */
export type OptionSpec =
  | { kind: 'eol' }
  | { kind: 'nop' }
  | { kind: 'mss'; mss: number }
  | { kind: 'wscale'; shift: number }
  | { kind: 'sackOK' }
  | { kind: 'sack'; blocks: { left: number; right: number }[] }
  | { kind: 'timestamps'; tsVal: number; tsEcr: number }
  | { kind: 'fastOpen'; cookieHex: string }
  | { kind: 'unknown'; code: number; dataHex: string };

export type OptionKind = OptionSpec['kind'];

/** An option as the server reports it on a Segment: the spec plus where it sits. */
export type SegmentOption = OptionSpec & { offset: number; length: number; text: string };

export interface SendSegmentFields {
  from?: Address;
  to?: Address;
  flags: FlagName[];
  seq: number;
  ack: number;
  window: number;
  urgentPointer: number;
  options: OptionSpec[];
  payloadHex: string;
}

export type SendSegment = SendSegmentFields | { rawHex: string };

export interface ConnectRequest {
  clientPort: number;
  preset: 'linux' | 'windows' | 'macos';
  autoAck: boolean;
}

export type ClockRequest = { advanceMillis: number } | { toNext: true };

export interface Segment {
  atMicros: number;
  sender: Host;
  from: string;
  to: string;
  flags: FlagName[];
  letters: string;
  seq: number;
  ack: number;
  window: number;
  urgentPointer: number;
  dataOffset: number;
  checksum: string;
  checksumValid: boolean;
  options: SegmentOption[];
  payloadLength: number;
  retransmission: number;
  summary: string;
  tcpHex: string;
  ipHex: string;
}

export interface Negotiation {
  mss?: { value: number; reason: string };
  windowScale?: { enabled: boolean; send?: number; receive?: number; reason: string };
  sack?: { enabled: boolean; reason: string };
  timestamps?: { enabled: boolean; reason: string };
}

export interface Transition {
  atMicros: number;
  from: string;
  to: string;
  cause: string;
}

export interface Endpoint {
  host: Host;
  local: string;
  remote?: string | null;
  state: string;
  iss?: number | null;
  irs?: number | null;
  sndNxt?: number | null;
  rcvNxt?: number | null;
  negotiation?: Negotiation | null;
  transitions: Transition[];
}

export type EventKind =
  | 'segment-sent'
  | 'segment-received'
  | 'segment-dropped'
  | 'state-changed'
  | 'timer-armed'
  | 'timer-fired'
  | 'timer-cancelled'
  | 'negotiated'
  | 'cookie-issued'
  | 'cookie-validated'
  | 'cookie-rejected'
  | 'queue-overflow'
  | 'connect-failed'
  | 'icmp-received'
  | 'flood-started'
  | 'flood-sample'
  | 'flood-ended';

export interface LabEvent {
  index: number;
  atMicros: number;
  kind: EventKind;
  host: Host;
  connection?: string | null;
  text: string;
  segment?: Segment;
  reason?: string;
  where?: string;
  from?: string;
  to?: string;
  cause?: string;
  timer?: string;
  deadlineMicros?: number;
  negotiation?: Negotiation;
  queue?: string;
  /** On a timer-driven retransmission: the timeout that expired. */
  rtoMicros?: number;
  /** On a middlebox's drop: what the box said. */
  detail?: string;
}

export interface Step {
  step: number;
  kind: string;
  startedAtMicros: number;
  endedAtMicros: number;
  segments: Segment[];
  replies: Segment[];
  events: LabEvent[];
  endpoints: Endpoint[];
  clock: Clock;
}

export interface Snapshot {
  clock: Clock;
  endpoints: Endpoint[];
  listener: {
    local: string;
    backlog: number;
    synQueue: { remote: string; iss: number; retransmissions: number; expiresAtMicros: number }[];
    acceptQueue: { remote: string }[];
  } | null;
  timers: { owner: Host; connection: string; timer: string; deadlineMicros: number }[];
  /** true if a list above was cut to the server's limit (500 by default). */
  truncated?: boolean;
  totals?: { endpoints: number; synQueue: number; acceptQueue: number; timers: number; limit: number };
  /** Endpoints per state, counted over all of them. */
  states?: Record<string, number>;
}

export interface Connection {
  id: string;
  client: string;
  server: string;
  clientState: string;
  serverState: string;
  outcome: string;
  synAtMicros: number | null;
  synAckAtMicros: number | null;
  ackAtMicros: number | null;
  retransmissions: number;
}

/** One bucket of a flood's series: counts inside the bucket, queues and memory at its end. */
export interface FloodPoint {
  atMicros: number;
  synQueue: number;
  acceptQueue: number;
  synsReceived: number;
  synsDropped: number;
  synAcksSent: number;
  synAcksResent: number;
  cookiesSent: number;
  cookiesValidated: number;
  legitAttempts: number;
  legitSuccesses: number;
  legitFailures: number;
  legitConnectLatencyMicrosP50: number | null;
  halfOpenBytes: number;
}

export interface FloodSeries {
  step: number;
  bucketMicros: number;
  bytesPerHalfOpenEntry: number;
  bytesPerHalfOpenEntryBasis: string;
  totals: FloodPoint;
  series: FloodPoint[];
}

export interface FloodRequest {
  syns: number;
  ratePerSecond?: number;
  sources?: { cidr: string } | { random: true };
  startMillis?: number;
  durationMillis?: number;
  legitimate?: { clients: number; ratePerSecond?: number; preset: string };
  bucketMillis?: number;
  seed?: number;
  sample?: { first?: number; every?: number };
}

/** A flood step: its events are not inline (there are thousands) but located in the history. */
export interface FloodStep {
  step: number;
  kind: string;
  startedAtMicros: number;
  endedAtMicros: number;
  firstEvent: number;
  eventCount: number;
  totals: FloodPoint;
  series: string;
  history: string;
  clock: Clock;
}

export interface TimelineEntry {
  atMicros: number;
  kind: 'transmission' | 'retransmission' | 'drop' | 'state' | 'give-up' | string;
  host: string;
  letters?: string;
  retransmission?: number;
  rtoMicros?: number;
  reason?: string;
  from?: string;
  to?: string;
  text?: string;
}

export interface Timeline {
  connection: string;
  outcome: string;
  entries: TimelineEntry[];
}

export interface CookieTimestamps {
  present: boolean;
  wireTsVal?: number;
  tsOffset?: number;
  cookieTsVal?: number;
  wireLowBits?: string;
  decodedLowBits?: string;
  wscale?: number;
  sack?: boolean;
  ecn?: boolean;
  text: string;
}

export interface CookieInspection {
  synAck: { client: string; server: string; seq: number; ack: number; atMicros: number };
  cookie: {
    value: number; hex: string; clientIsn: number; hash1: number; counter: number; counterMeans: string; ageMinutes: number;
    hash2?: number; mssIndex?: number; mss?: number; msstab: number[]; hashCheck: boolean; verdict: string; formula: string;
  };
  timestamps: CookieTimestamps;
  finalAck?: {
    seq: number; ack: number; atMicros: number; valid: boolean; ageMinutes: number; mssIndex?: number; mss?: number;
    reason: string; echoed?: CookieTimestamps;
  };
}

export interface CookieInspectRequest {
  eventIndex: number;
  finalAck?: { seq: number; ack: number; atMicros?: number; tsEcr?: number };
}

export interface FieldError {
  field: string;
  rule?: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  /** The script line a packetdrill problem is about. */
  line?: number;
}

/** Thrown for every non-2xx answer; carries the RFC 9457 problem body when there is one. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

const BASE = '/api/v1';

/** No answer from the app at all (network error, or a dev/preview proxy's 502-504 without a problem body). */
const UNREACHABLE: Problem = { status: 0, title: 'Server unreachable', detail: 'The Handshake Lab server does not answer' };
export const isUnreachable = (p: Problem) => p.status === 0;

/**
 * The CSRF token the server put in the XSRF-TOKEN cookie: a page of this origin can read it,
 * another site cannot, so echoing it in a header proves the request comes from this page.
 */
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  const m = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(cookies);
  return m ? decodeURIComponent(m[1]) : null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Headers for a request: JSON by default, and the CSRF token on anything that changes state. */
export function requestHeaders(method: string, contentType: string | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  const token = SAFE.has(method) ? null : csrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  return headers;
}

/**
 * Calls the API. A Blob body (an uploaded file) goes as application/octet-stream, a string or form
 * as the given type, anything else as JSON; writes carry the CSRF token.
 */
export async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  let res: Response;
  const file = body instanceof Blob;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: requestHeaders(method, body === undefined ? null : file ? 'application/octet-stream' : contentType),
      body: body === undefined ? undefined
        : file || typeof body === 'string' || body instanceof URLSearchParams ? body as BodyInit : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError({ ...UNREACHABLE, detail: `${UNREACHABLE.detail} (${String(e)})` });
  }
  if (!res.ok) {
    let problem: Problem = { status: res.status, title: res.statusText || `HTTP ${res.status}` };
    const text = await res.text();
    try {
      const parsed = JSON.parse(text) as Problem;
      if (parsed && typeof parsed === 'object') problem = { ...problem, ...parsed, status: res.status };
    } catch {
      if (text) problem.detail = text.slice(0, 300);
    }
    if (!problem.type && res.status >= 502 && res.status <= 504) problem = { ...UNREACHABLE, detail: `${UNREACHABLE.detail} (HTTP ${res.status} from the proxy)` };
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const s = (id: string) => `/sessions/${encodeURIComponent(id)}`;

/** The address of a session's capture file (a plain link: the browser downloads it), optionally of one connection. */
export function captureUrl(id: string, format: 'pcap' | 'pcapng', connection?: string | null): string {
  const query = new URLSearchParams({ format });
  if (connection) query.set('connection', connection);
  return `${BASE}${s(id)}/capture?${query}`;
}

/** The address of a connection (or the session's only one) as a packetdrill script, from the server's side. */
/** The whole history as JSON, for a download link. */
export function historyUrl(id: string): string {
  return `${BASE}/sessions/${encodeURIComponent(id)}/history/all`;
}

export function packetdrillUrl(id: string, connection?: string | null): string {
  return `${BASE}${s(id)}/packetdrill${connection ? `?connection=${encodeURIComponent(connection)}` : ''}`;
}

export type RunLineStatus = 'passed' | 'mismatch' | 'error' | 'unsupported' | 'skipped' | 'not-run';

/** One script line's result: for packets, `expected` and `actual` in the script's numbering. */
export interface RunLine {
  line: number;
  text: string;
  status: RunLineStatus;
  message: string | null;
  expected: string | null;
  actual: string | null;
  atMicros: number | null;
}

/** A packetdrill run: it stops at the first failing line, as packetdrill does. */
export interface PacketdrillRun {
  passed: boolean;
  failedLine: number | null;
  profile: string;
  lines: RunLine[];
}

/** `?assignmentId=…` (or `&…`) when an assignment is given. */
function ofAssignment(assignmentId: string | null | undefined, sep: '?' | '&'): string {
  return assignmentId ? `${sep}assignmentId=${encodeURIComponent(assignmentId)}` : '';
}

export const api = {
  me: () => call<Me>('GET', '/auth/me'),
  /** Spring Security's form login: a form post, answered with who signed in. */
  signIn: (username: string, password: string) =>
    call<Me>('POST', '/auth/login', new URLSearchParams({ username, password }), 'application/x-www-form-urlencoded'),
  signOut: () => call<void>('POST', '/auth/logout'),
  signUp: (body: SignUp) => call<AccountView>('POST', '/auth/signup', body),
  changePassword: (currentPassword: string, newPassword: string) => call<void>('PUT', '/account/password', { currentPassword, newPassword }),
  tokens: () => call<TokenView[]>('GET', '/account/tokens'),
  createToken: (name: string, expiresAt?: string) => call<CreatedToken>('POST', '/account/tokens', { name, expiresAt }),
  revokeToken: (tokenId: string) => call<void>('DELETE', `/account/tokens/${encodeURIComponent(tokenId)}`),
  courses: () => call<Course[]>('GET', '/courses'),
  course: (courseId: string) => call<Course>('GET', `/courses/${encodeURIComponent(courseId)}`),
  createCourse: (name: string, term: string) => call<Course>('POST', '/courses', { name, term }),
  joinCourse: (joinCode: string) => call<Course>('POST', '/courses/join', { joinCode }),
  importRoster: (courseId: string, csv: string) => call<RosterResult>('POST', `/courses/${encodeURIComponent(courseId)}/roster`, { csv }),
  removeStudent: (courseId: string, userId: string) => call<void>('DELETE', `/courses/${encodeURIComponent(courseId)}/students/${encodeURIComponent(userId)}`),
  addInstructor: (courseId: string, username: string) => call<Course>('POST', `/courses/${encodeURIComponent(courseId)}/instructors`, { username }),
  /** The class view of the assignment (none: the server's default, the most recent). */
  dashboard: (courseId: string, assignmentId?: string | null) =>
    call<ClassView>('GET', `/courses/${encodeURIComponent(courseId)}/dashboard${ofAssignment(assignmentId, '?')}`),
  /** The URL of the course's live row updates (server-sent events), from update `after` on, of the assignment's rows only if given. */
  dashboardEventsUrl: (courseId: string, after: number, assignmentId?: string | null) =>
    `${BASE}/courses/${encodeURIComponent(courseId)}/dashboard/events?after=${after}${ofAssignment(assignmentId, '&')}`,
  commonMistakes: (courseId: string, assignmentId?: string | null) =>
    call<CommonMistakes>('GET', `/courses/${encodeURIComponent(courseId)}/dashboard/mistakes${ofAssignment(assignmentId, '?')}`),
  stuckRules: (courseId: string, assignmentId: string) =>
    call<AssignmentStuckRules>('GET', `/courses/${encodeURIComponent(courseId)}/assignments/${encodeURIComponent(assignmentId)}/stuck-rules`),
  setStuckRules: (courseId: string, assignmentId: string, rules: StuckRuleSettings) =>
    call<AssignmentStuckRules>('PUT', `/courses/${encodeURIComponent(courseId)}/assignments/${encodeURIComponent(assignmentId)}/stuck-rules`, rules),
  notes: (sessionId: string) => call<SessionNote[]>('GET', `${s(sessionId)}/notes`),
  leaveNote: (sessionId: string, body: string) => call<SessionNote>('POST', `${s(sessionId)}/notes`, { body }),
  courseSessions: (courseId: string, page = 0, size = 100) => call<Page<Session>>('GET', `/courses/${encodeURIComponent(courseId)}/sessions?page=${page}&size=${size}`),
  resetSession: (id: string) => call<Session>('POST', `${s(id)}/reset`),
  /** A new session of the caller's replaying this one's steps 1..uptoStep. */
  forkSession: (id: string, uptoStep: number) => call<Session>('POST', `${s(id)}/fork`, { uptoStep }),
  adminUsers: (page = 0, size = 100) => call<{ items: AdminAccount[]; total: number }>('GET', `/admin/users?page=${page}&size=${size}`),
  adminCreateUser: (username: string, displayName: string, role: Role, email?: string) =>
    call<IssuedPassword>('POST', '/admin/users', { username, displayName, role, email }),
  adminUpdateUser: (userId: string, change: { role?: Role; enabled?: boolean; displayName?: string }) =>
    call<AdminAccount>('PATCH', `/admin/users/${encodeURIComponent(userId)}`, change),
  adminResetPassword: (userId: string) => call<IssuedPassword>('POST', `/admin/users/${encodeURIComponent(userId)}/password-reset`),
  templates: () => call<Template[]>('GET', '/templates'),
  profiles: () => call<Profile[]>('GET', '/profiles'),
  listSessions: (page = 0, size = 20) => call<Page<Session>>('GET', `/sessions?page=${page}&size=${size}`),
  createSession: (body: CreateSession) => call<Session>('POST', '/sessions', body),
  getSession: (id: string) => call<Session>('GET', s(id)),
  renameSession: (id: string, name: string) => call<Session>('PATCH', s(id), { name }),
  deleteSession: (id: string) => call<void>('DELETE', s(id)),
  sendSegment: (id: string, body: SendSegment) => call<Step>('POST', `${s(id)}/segments`, body),
  connect: (id: string, body: ConnectRequest) => call<Step>('POST', `${s(id)}/connect`, body),
  clock: (id: string, body: ClockRequest) => call<Step>('POST', `${s(id)}/clock`, body),
  snapshot: (id: string) => call<Snapshot>('GET', `${s(id)}/snapshot`),
  history: (id: string, page = 0, size = 100) => call<Page<LabEvent>>('GET', `${s(id)}/history?page=${page}&size=${size}`),
  connections: (id: string) => call<Connection[]>('GET', `${s(id)}/connections`),
  timeline: (id: string, connection: string) => call<Timeline>('GET', `${s(id)}/connections/${encodeURIComponent(connection)}/timeline`),
  flood: (id: string, body: FloodRequest) => call<FloodStep>('POST', `${s(id)}/flood`, body),
  inspectCookie: (id: string, body: CookieInspectRequest) => call<CookieInspection>('POST', `${s(id)}/cookies/inspect`, body),
  runPacketdrill: (script: string, profile: string) => call<PacketdrillRun>('POST', '/packetdrill/runs', { script, profile }),
  /** 404 means "this session has no flood"; that is answered with null, not an error. */
  floodSeries: async (id: string): Promise<FloodSeries | null> => {
    try {
      return await call<FloodSeries>('GET', `${s(id)}/flood/series`);
    } catch (e) {
      if (e instanceof ApiError && e.problem.status === 404) return null;
      throw e;
    }
  },
  /**
   * Stored events in order, in one request (GET /history/all): a flood's sampled history is
   * thousands of events, which page by page took a dozen round trips one after another.
   */
  allHistory: (id: string, maxEvents = 20000) => call<LabEvent[]>('GET', `${s(id)}/history/all?limit=${maxEvents}`),
};
