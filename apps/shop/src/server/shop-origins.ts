/** The names this shop answers to, and the origins its pages are served from. */
export interface ShopOrigins {
  /** `Host` header values accepted, lower-case (`localhost:3000`, `shop.example.com`). */
  hosts: ReadonlySet<string>;
  /** `Origin` header values accepted on state-changing requests. */
  origins: ReadonlySet<string>;
}

/** Loopback names only: `*.localhost` and other names can resolve anywhere (DNS rebinding). */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The configured public URL (`SHOP_PUBLIC_URL`) plus the loopback names on the
 * port the shop listens on. Anything else in `Host` is a page on another site
 * whose name was pointed at this machine (DNS rebinding), or a misdirected request.
 */
export function shopOrigins(publicUrl: string, port: number): ShopOrigins {
  const hosts = new Set<string>();
  const origins = new Set<string>();
  const publicOrigin = new URL(publicUrl);
  // URL.host omits the scheme's default port, as browsers do in Host and Origin.
  hosts.add(publicOrigin.host.toLowerCase());
  origins.add(publicOrigin.origin.toLowerCase());
  for (const name of LOOPBACK_NAMES) {
    const local = new URL(`http://${name}:${port}`);
    hosts.add(local.host);
    origins.add(local.origin);
  }
  return { hosts, origins };
}
