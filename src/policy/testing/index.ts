/**
 * The testing kit for policy authors: run a policy as the gateway would, on any format, streaming or
 * not, on a scripted model answer, and look at what the client gets and what was recorded. See the
 * "Testing a policy" section of docs/policies.md.
 */
export { runPolicy, type PolicyRunResult, type RunPolicyOptions } from './run-policy.js';
export { scriptedParts, type ScriptedBlock, type ScriptedResponse } from './scripted-response.js';
export { promptBody, testRequest } from './test-request.js';
export { collectingLogger, testPolicyCall, testPolicyContext, type CollectingLogger, type RecordedPolicyEvent, type TestPolicyCall } from './test-policy-call.js';
export { configurePolicy } from '../configured-policy.js';
