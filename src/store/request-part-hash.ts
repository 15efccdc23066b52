import { hash } from 'node:crypto';

/**
 * The digest a request part is stored under in its session (`request_parts.hash`): SHA-256 of its
 * text as the client sent it, base64url, the first 128 bits. Equal texts, equal digests; it says
 * nothing of the text (a session would need some 2^64 distinct parts before two shared one).
 */
export function requestPartHash(text: string): string {
  return hash('sha256', text, 'base64url').slice(0, 22);
}
