/**
 * What `calls.final_request` holds when the upstream got the client's request as it was (no policy
 * changed it, the common case): JSON `true`, in place of a second copy of the request, which would
 * double the row and the work of writing it. No request can be mistaken for it, since a request is a
 * JSON object; and unlike a JSON string it reads back the same from SQLite's text and from Postgres'
 * jsonb (`decodeJson`). SQL NULL keeps its meaning, no upstream call was made (a policy answered, the
 * request was rejected), and rows written before this marker existed hold a full copy: both read as
 * they always did. Readers get the original request back as the final one (`call-from-row.ts`).
 */
export const unchangedRequest = true;
