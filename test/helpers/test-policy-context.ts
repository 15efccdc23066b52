/** Unit-test contexts for policies: the testing kit's, shared with the project's own tests. */
export { testPolicyCall, testPolicyContext, type RecordedPolicyEvent, type TestPolicyCall } from '../../src/policy/testing/index.js';
