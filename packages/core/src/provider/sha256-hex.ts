import * as platform from '../platform/platform.js';
import { bytesToHex } from '../webhooks/byte-encoding.js';

/**
 * The SHA-256 of a text's UTF-8 bytes, in lowercase hex: for signature schemes
 * that hash instead of HMAC (HubSpot v1 and v2), and for keys derived from a
 * secret (a limiter key per credential) that must not hold the secret itself.
 */
export async function sha256Hex(text: string): Promise<string> {
  return bytesToHex(await platform.hash('sha256', text));
}
