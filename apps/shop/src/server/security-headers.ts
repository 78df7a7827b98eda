import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { STYLE_HASH } from '../pages/layout.js';

/**
 * Headers on every answer. The pages are server-rendered HTML with one
 * hashed stylesheet, inline SVG and plain forms, so the policy can be strict:
 * nothing loads or runs but that stylesheet, forms post only here, and no
 * site may frame the shop (its buttons cannot be clickjacked).
 */
export function securityHeaders(publicUrl: string): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLE_HASH],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    // Not `no-referrer`: with it browsers send `Origin: null` on the pages' own form posts.
    referrerPolicy: 'same-origin',
    // HSTS means something only over https; on a loopback http URL it would be ignored anyway.
    strictTransportSecurity: new URL(publicUrl).protocol === 'https:',
  });
}
