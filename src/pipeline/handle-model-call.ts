import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { CallRecord } from '../core/call-record.js';
import type { HttpExchange } from './http-exchange.js';
import { isJsonObject, safeParseJson } from '../core/json.js';
import { ProxyError } from '../core/proxy-error.js';
import type { StreamPart } from '../core/stream-part.js';
import type { FormatCodec, RequestLimits } from '../formats/format-codec.js';
import type { Logger } from '../observability/logger.js';
import { PolicyCall } from '../policy/policy-context.js';
import { createJudgeService } from '../judge/judge-service.js';
import type { PartTransform, PolicyChain } from '../policy/policy-chain.js';
import { forwardRequestHeaders, forwardResponseHeaders } from '../upstream/forward-headers.js';
import { familyOfFormat } from '../routing/api-family.js';
import { upstreamPath } from '../routing/backend.js';
import type { Router } from '../routing/router.js';
import type { UpstreamHealth } from '../observability/upstream-health.js';
import { authenticateClient, credentialHeaders, upstreamCredential, type AuthSettings } from '../upstream/resolve-credential.js';
import { upstreamError, type UpstreamClient, type UpstreamResponse } from '../upstream/upstream-client.js';
import { callEndedEvent } from '../events/call-ended-event.js';
import { callReceivedEvent, policyDecisionEvent, upstreamStartedEvent, type CallEventSubject } from '../events/call-events.js';
import type { EventBus } from '../events/event-bus.js';
import { CallRecording, callRecordOf } from './call-recording.js';
import { elapsed, noteError, startCall, type CallState } from './call-state.js';
import { logOutputViolations } from './log-output-violations.js';
import { PartSink } from './part-sink.js';
import { resolveSessionId } from './resolve-session-id.js';
import { splitAtBlockBoundaries } from './split-at-block-boundaries.js';
import { sendProxyError } from './send-error.js';
import { textResponseParts } from './text-response-parts.js';

export interface ModelCallDeps {
  readonly upstream: UpstreamClient;
  readonly logger: Logger;
  /** The policy chain in force when a call starts; the call keeps it to the end. */
  readonly policies: () => PolicyChain;
  readonly limits: RequestLimits;
  readonly router: Router;
  readonly auth: AuthSettings;
  /** Where finished calls go to be recorded; absent when recording is off. */
  readonly recorder?: CallRecorder;
  /** Live activity, phase by phase. */
  readonly events?: Pick<EventBus, 'publish'>;
  /** `log`: every response sent is checked by its format's validator and each violation logged. */
  readonly streamValidation?: 'off' | 'log';
  /** What calls have seen of each backend, for `/ready`. */
  readonly upstreamHealth?: Pick<UpstreamHealth, 'reached' | 'unreachable'>;
  /** Where judge policies read the key variables they name (`api_key_env`); the process environment by default. */
  readonly judgeEnv?: Readonly<Record<string, string | undefined>>;
}

/** The pipeline's view of the recorder: it never waits on it. */
export interface CallRecorder {
  /** Request headers worth keeping with the record (never credentials). */
  keepHeaders(headers: IncomingHttpHeaders): Readonly<Record<string, string>>;
  record(call: CallRecord): void;
}

/**
 * One model call through its phases (docs/lifecycle.md): authenticate → parse → onRequest →
 * upstream → decode → policies → invariants → encode → client. The caller has hijacked `res`.
 */
export async function handleModelCall(deps: ModelCallDeps, codec: FormatCodec, exchange: HttpExchange): Promise<void> {
  const { req, res } = exchange;
  const recording = deps.recorder === undefined ? undefined : new CallRecording();
  const state = startCall(exchange.callId, codec, res, deps.logger, recording);
  if (recording !== undefined && deps.recorder !== undefined) recording.keptHeaders(deps.recorder.keepHeaders(req.headers));
  try {
    await runCall(deps, state, req, exchange.body ?? Buffer.alloc(0));
  } catch (error) {
    if (state.abort.aborted) state.outcome = 'aborted';
    else {
      state.outcome = state.outcome === 'completed' ? 'failed' : state.outcome;
      sendProxyError(state, error);
    }
  } finally {
    if (!res.writableEnded && !res.destroyed && !state.abort.aborted) res.end();
    state.timings.done = elapsed(state);
    logCall(state);
    const record = callRecordOf(state, recording);
    if (recording !== undefined) deps.recorder?.record(record);
    deps.events?.publish(callEndedEvent(record));
  }
}

async function runCall(deps: ModelCallDeps, state: CallState, req: IncomingMessage, body: Buffer): Promise<void> {
  const { codec } = state;
  const auth = authenticateClient(req.headers, deps.auth);
  if (ProxyError.isInstance(auth)) return reject(state, auth);
  const parsed = codec.parseRequest(body, deps.limits);
  if (ProxyError.isInstance(parsed)) return reject(state, parsed);
  state.model = parsed.model;
  state.stream = parsed.stream;
  const { recording } = state;
  if (recording !== undefined) recording.receivedRequest(parsed.body, body);
  const identity = codec.identify(parsed.body);
  state.sessionId = resolveSessionId(identity.sessionId, req.headers);
  state.userId = identity.userId;
  deps.events?.publish(callReceivedEvent(eventSubject(state), parsed.stream));

  const chain = deps.policies();
  const validate = deps.streamValidation === 'log';
  const call = new PolicyCall({
    callId: state.callId,
    sessionId: state.sessionId,
    userId: state.userId,
    request: parsed,
    abort: state.abort,
    logger: () => deps.logger.child({ callId: state.callId }),
    // Every policy event, the runtime's interventions included, attributed to the policy that made it.
    record: (policy, event) => {
      deps.logger.debug({ callId: state.callId, policy, event }, 'policy event');
      recording?.policyEvents.push({ policy, ...event, at: elapsed(state) });
      deps.events?.publish(policyDecisionEvent(eventSubject(state), policy, event.type, event.summary));
    },
    judge: (emit) =>
      createJudgeService(
        { upstream: deps.upstream, backends: deps.router.table.backends, env: deps.judgeEnv ?? process.env },
        // Asked when a judge runs: the backend and credential the call uses with the request as it is then.
        () => {
          const backend = deps.router.backendFor(familyOfFormat(codec.format), pathOf(req.url), call.request.model);
          const credential = upstreamCredential(auth, backend);
          return { backend, credential: ProxyError.isInstance(credential) ? undefined : credential };
        },
        emit,
      ),
  });
  const outcome = await chain.runRequest(parsed, call);
  const fallback = { id: codec.messageId(state.callId), model: parsed.model };
  if (outcome.action === 'respond') {
    state.outcome = 'responded-by-policy';
    return deliver(state, textResponseParts(outcome.text, fallback.id, parsed.model), undefined, parsed.stream, fallback, {}, validate);
  }
  if (recording !== undefined) recording.finalRequest = outcome.request.body;
  // Checked on the request the upstream will get, after every onRequest.
  const unseen = chain.readsResponses ? codec.unseenByPolicies?.(outcome.request) : undefined;
  if (unseen !== undefined) return reject(state, new ProxyError('LUTHIEN_UNSUPPORTED_WITH_POLICIES', unseen));

  // Routed on the model the upstream will see: a policy that changes the model may change the backend.
  const backend = deps.router.backendFor(familyOfFormat(codec.format), pathOf(req.url), outcome.request.model);
  state.backend = backend.name;
  const credential = upstreamCredential(auth, backend);
  if (ProxyError.isInstance(credential)) return reject(state, credential);
  const upstream = await sendUpstream(deps, backend.name, {
    origin: backend.upstream.origin,
    path: upstreamPath(backend, req.url ?? '/'),
    method: 'POST',
    headers: {
      ...forwardRequestHeaders(req.headers, { decodeBody: true }),
      ...credentialHeaders(credential),
      'content-type': 'application/json',
    },
    body: outcome.request.toBody(),
    signal: state.abort,
  });
  state.timings.upstreamHeaders = elapsed(state);
  deps.events?.publish(upstreamStartedEvent(eventSubject(state), backend.name, upstream.status, state.timings.upstreamHeaders));
  if (upstream.status >= 400) return relayUpstreamError(state, upstream);

  const transform = chain.createPartTransform(call);
  const headers = { ...forwardResponseHeaders(upstream.headers, { reencodedBody: true }), 'x-luthien-call-id': state.callId };
  const upstreamIsStream = (upstream.headers['content-type'] ?? '').includes('text/event-stream');
  if (upstreamIsStream && outcome.request.stream) return relayStream(state, upstream, transform, fallback, headers, validate);
  if (!upstreamIsStream && !outcome.request.stream && transform === undefined) return relayVerbatim(state, upstream, headers, validate);
  const { parts, original } = await readAllParts(state, upstream, upstreamIsStream);
  recording?.upstream.observe(parts);
  return deliver(state, parts, transform, outcome.request.stream, fallback, headers, validate, original);
}

/** Sends the upstream request, telling the backend's health whether it could be reached. */
async function sendUpstream(deps: ModelCallDeps, backend: string, request: Parameters<UpstreamClient['send']>[0]): Promise<UpstreamResponse> {
  try {
    const response = await deps.upstream.send(request);
    deps.upstreamHealth?.reached(backend);
    return response;
  } catch (error) {
    if (ProxyError.isInstance(error) && (error.code === 'LUTHIEN_UPSTREAM_UNREACHABLE' || error.code === 'LUTHIEN_UPSTREAM_TIMEOUT')) deps.upstreamHealth?.unreachable(backend, error.message);
    throw error;
  }
}

/** Upstream stream to client stream, part by part, as the bytes arrive. */
async function relayStream(
  state: CallState,
  upstream: UpstreamResponse,
  transform: PartTransform | undefined,
  fallback: { id: string; model: string },
  headers: Record<string, string | string[]>,
  validate: boolean,
): Promise<void> {
  const decoder = state.codec.createDecoder();
  const invariants = state.codec.createInvariants(fallback);
  // With no policy reading the stream, the sink folds the upstream's parts for the record itself.
  const sink = new PartSink(state, invariants, headers, { validate, relaysUpstream: transform === undefined });
  let failure: unknown;
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      // The upstream ends its body right after the last event; breaking out earlier would make
      // undici build an abort error for every call, so only a client gone or bytes past the end stop the
      // loop (an ending the upstream may still complete, such as `error` before `response.failed`, reads on).
      if ((invariants.isEnded && invariants.awaitsMore !== true) || state.res.destroyed) break;
      const parts = decoder.push(chunk);
      if (parts.length === 0) continue;
      if (transform === undefined) {
        await sink.accept(parts);
        continue;
      }
      state.recording?.upstream.observe(parts);
      // Block by block: a tool call held for judging must not hold back the text before it that
      // arrived in the same read.
      for (const batch of splitAtBlockBoundaries(parts)) await sink.accept(await transform(batch));
    }
    if (!invariants.isEnded && decoder.end().trim() !== '') failure = new ProxyError('LUTHIEN_UPSTREAM_STREAM_INTERRUPTED', 'the last event was cut off');
  } catch (error) {
    if (state.abort.aborted) return;
    failure = ProxyError.isInstance(error) ? error : streamReadError(error);
  } finally {
    state.violations = invariants.violations.length;
    if (!upstream.body.destroyed) upstream.body.destroy();
  }
  if (invariants.violations.length > 0) state.logger.warn({ callId: state.callId, violations: invariants.violations }, 'stream invariants enforced');
  await sink.finish(failure);
}

/**
 * A failure while reading a stream that had already begun: a timeout stays a timeout, a dropped
 * connection is an interrupted stream (the upstream was reachable; it just did not finish).
 */
function streamReadError(error: unknown): unknown {
  const mapped = upstreamError(error);
  if (ProxyError.isInstance(mapped) && mapped.code === 'LUTHIEN_UPSTREAM_UNREACHABLE') {
    const code = (error as { code?: unknown } | null)?.code;
    return new ProxyError('LUTHIEN_UPSTREAM_STREAM_INTERRUPTED', typeof code === 'string' ? code : undefined, { cause: error });
  }
  return mapped;
}

/** Parts that are all known up front (a JSON upstream body, or a policy's direct answer) to the client's mode. */
async function deliver(
  state: CallState,
  parts: readonly StreamPart[],
  transform: PartTransform | undefined,
  stream: boolean,
  fallback: { id: string; model: string },
  headers: Record<string, string | string[]>,
  validate: boolean,
  original?: Buffer,
): Promise<void> {
  const transformed = transform === undefined ? parts : await transform(parts);
  const invariants = state.codec.createInvariants(fallback);
  const callHeaders = { ...headers, 'x-luthien-call-id': state.callId };
  if (stream) {
    const sink = new PartSink(state, invariants, callHeaders, { validate });
    await sink.accept(transformed);
    return sink.finish();
  }
  const valid = transformed.flatMap((part) => invariants.apply(part));
  state.violations = invariants.violations.length;
  state.recording?.client.observe(valid);
  state.stopReason = valid.findLast((part) => part.type === 'message-delta')?.stopReason ?? null;
  // A stream that stopped before its end is not a response, even if it folds into one.
  if (!invariants.isEnded) throw new ProxyError('LUTHIEN_UPSTREAM_STREAM_INTERRUPTED');
  const error = valid.find((part) => part.type === 'error');
  if (error !== undefined) {
    state.outcome = 'upstream-error';
    return new PartSink(state, state.codec.createInvariants(fallback), callHeaders).accept([error]).then(() => undefined);
  }
  // Nothing changed any part: the client gets the upstream's exact bytes.
  const untouched = original !== undefined && valid.length === parts.length && valid.every((part, i) => part === parts[i]);
  const body = untouched ? original : Buffer.from(JSON.stringify(state.codec.foldResponse(valid)));
  writeJson(state, 200, callHeaders, body);
  if (validate) logOutputViolations(state, { stream: false, body: JSON.parse(body.toString('utf8')) as unknown });
}

/** No policy reads the response and neither side streams: pass the body through untouched. */
async function relayVerbatim(state: CallState, upstream: UpstreamResponse, headers: Record<string, string | string[]>, validate: boolean): Promise<void> {
  const body = await readBody(state, upstream);
  writeJson(state, upstream.status, headers, body);
  if (validate) validateRelayedBody(state, body);
  // The record keeps the bytes; the recorder's worker reads the answer out of them, off this thread.
  if (state.recording !== undefined) state.recording.upstreamBody = body;
}

/** A whole upstream body as parts; a JSON body is also returned as is, so an untouched one goes out byte for byte. */
async function readAllParts(
  state: CallState,
  upstream: UpstreamResponse,
  isStream: boolean,
): Promise<{ parts: StreamPart[]; original?: Buffer }> {
  const body = await readBody(state, upstream);
  if (isStream) {
    const decoder = state.codec.createDecoder();
    const parts = decoder.push(body);
    if (decoder.end().trim() !== '') throw new ProxyError('LUTHIEN_UPSTREAM_STREAM_INTERRUPTED', 'the last event was cut off');
    return { parts };
  }
  const parsed = safeParseJson(body.toString('utf8'));
  if (!parsed.ok || !isJsonObject(parsed.value)) throw new ProxyError('LUTHIEN_UPSTREAM_INVALID_RESPONSE', 'the body is not a JSON object');
  return { parts: state.codec.decodeResponse(parsed.value), original: body };
}

async function readBody(state: CallState, upstream: UpstreamResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw state.abort.aborted ? error : upstreamError(error);
  }
  return Buffer.concat(chunks);
}

/** A body relayed as the upstream sent it, checked like any other (a JSON parse only when validation is on). */
function validateRelayedBody(state: CallState, body: Buffer): void {
  const parsed = safeParseJson(body.toString('utf8'));
  logOutputViolations(state, { stream: false, body: parsed.ok ? parsed.value : body.toString('utf8') });
}

/** An upstream 4xx/5xx goes to the client as the upstream sent it: status, body, `retry-after` and all. */
async function relayUpstreamError(state: CallState, upstream: UpstreamResponse): Promise<void> {
  state.outcome = 'upstream-error';
  const body = await readBody(state, upstream);
  noteError(state, `UPSTREAM_HTTP_${upstream.status}`, body.toString('utf8').slice(0, 500));
  writeJson(state, upstream.status, { ...forwardResponseHeaders(upstream.headers, { reencodedBody: false }), 'x-luthien-call-id': state.callId }, body);
}

function writeJson(state: CallState, status: number, headers: Record<string, string | string[]>, body: Buffer): void {
  const { res } = state;
  if (res.destroyed) return;
  state.status = status;
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': body.length });
  res.end(body);
  state.timings.firstByteToClient ??= elapsed(state);
}

/** The fields every activity event of this call carries. */
/** Who and what the call's activity events are about, as the call knows it now. */
function eventSubject(state: CallState): CallEventSubject {
  return { callId: state.callId, sessionId: state.sessionId, userId: state.userId, model: state.model, format: state.codec.format };
}

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function reject(state: CallState, error: ProxyError): void {
  state.outcome = 'rejected';
  sendProxyError(state, error);
}

function logCall(state: CallState): void {
  if (!state.logger.isLevelEnabled('info')) return;
  state.logger.info(
    {
      callId: state.callId,
      sessionId: state.sessionId,
      userId: state.userId,
      format: state.codec.format,
      backend: state.backend,
      model: state.model,
      stream: state.stream,
      status: state.status,
      outcome: state.outcome,
      timings: state.timings,
      ...(state.violations > 0 ? { violations: state.violations } : {}),
    },
    'call',
  );
}
