/**
 * What `calls.client_response` holds when the client got exactly what the upstream sent (no policy
 * changed the answer, the common case): JSON `true`, in place of a second copy of the folded response,
 * whose thinking, text and tool inputs can run to many kilobytes. As with `unchangedRequest`, no
 * response can be mistaken for it (a response is a JSON object), it reads back the same from both
 * dialects, SQL NULL keeps its meaning (no answer reached the client), and rows written before it
 * existed hold a full copy. Readers get the upstream response back as the client's (`call-from-row.ts`).
 */
export const unchangedResponse = true;
