/**
 * The undici dispatcher a policy fetches through: keep-alive connections, and a connector that
 * resolves the name itself, checks every resolved address against the policy and dials exactly the
 * address it checked. Checking here, at connect time and for every hop, is what stops DNS
 * rebinding and redirects into the operator's network (R13); an IP literal never reaches `lookup`
 * in `net.connect`, so it is checked here too.
 */
import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector } from 'undici';
import { FeedloomError } from '../core/errors.js';
import { checkAddress } from './address-policy.js';
import type { FetchPolicy, LookupFunction } from './policy.js';

/** Idle keep-alive sockets are closed after this long; feeds are polled minutes apart anyway. */
const KEEP_ALIVE_MS = 4_000;

const agents = new WeakMap<FetchPolicy, { secure?: Agent; insecure?: Agent }>();
const openAgents = new Map<Agent, () => void>();

/**
 * Close every keep-alive connection. A CLI run calls this when its fetches are done: idle sockets
 * would otherwise hold the process open for the keep-alive time after the work is finished.
 */
export async function closeAllDispatchers(): Promise<void> {
  const closing = [...openAgents].map(([agent, forget]) => {
    forget();
    return agent.close().catch(() => undefined);
  });
  openAgents.clear();
  await Promise.all(closing);
}

/** The dispatcher for this policy; one per policy and TLS mode, so connections are reused. */
export function dispatcherFor(policy: FetchPolicy, allowInsecureTLS: boolean): Agent {
  let pair = agents.get(policy);
  if (!pair) {
    pair = {};
    agents.set(policy, pair);
  }
  const key = allowInsecureTLS ? 'insecure' : 'secure';
  const existing = pair[key];
  if (existing) return existing;
  const agent = new Agent({
    connect: createGuardedConnector(policy, allowInsecureTLS),
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    // The total deadline in fetch-feed.ts is what bounds a fetch; these are backstops.
    headersTimeout: policy.timeoutMs,
    bodyTimeout: policy.timeoutMs,
  });
  pair[key] = agent;
  const owner = pair;
  openAgents.set(agent, () => {
    if (owner[key] === agent) delete owner[key];
  });
  return agent;
}

type ConnectOptions = Parameters<ReturnType<typeof buildConnector>>[0];
type ConnectCallback = Parameters<ReturnType<typeof buildConnector>>[1];

function createGuardedConnector(policy: FetchPolicy, allowInsecureTLS: boolean): buildConnector.connector {
  const base = buildConnector({ timeout: policy.connectTimeoutMs, rejectUnauthorized: !allowInsecureTLS });
  const lookup: LookupFunction = policy.lookup ?? (dns.lookup as unknown as LookupFunction);

  return (options: ConnectOptions, callback: ConnectCallback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    let settled = false;
    const finish = (error: Error | null, socket?: net.Socket) => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) callback(error, null);
      else callback(null, socket as net.Socket);
    };
    // Name resolution counts towards the connect timeout, as it would inside net.connect.
    const timer = setTimeout(
      () => finish(new FeedloomError('E_TIMEOUT', `could not connect within ${formatSeconds(policy.connectTimeoutMs)}`)),
      policy.connectTimeoutMs,
    );
    const dial = (address: string) => {
      try {
        checkAddress(address, port, options.hostname, policy.allow);
      } catch (error) {
        finish(error as Error);
        return;
      }
      // `host` keeps the name, so SNI and certificate checks still use it; only the dialled address changes.
      base({ ...options, hostname: address }, (error, socket) => finish(error, socket ?? undefined));
    };

    if (net.isIP(options.hostname)) {
      dial(options.hostname);
      return;
    }
    lookup(options.hostname, { all: true }, (error, result, family) => {
      if (settled) return;
      if (error) {
        finish(error);
        return;
      }
      const addresses = typeof result === 'string' ? [{ address: result, family: family ?? 4 }] : result;
      if (!addresses || addresses.length === 0) {
        finish(Object.assign(new Error(`no address for ${options.hostname}`), { code: 'ENOTFOUND' }));
        return;
      }
      // Refuse when any answer is private: a name that mixes public and private answers is suspect.
      for (const { address } of addresses) {
        try {
          checkAddress(address, port, options.hostname, policy.allow);
        } catch (refusal) {
          finish(refusal as Error);
          return;
        }
      }
      dial(addresses[0].address);
    });
  };
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
