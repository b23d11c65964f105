/**
 * The connection pools a policy fetches through: node:http/https keep-alive agents whose connector
 * resolves the name itself, checks every resolved address against the policy and dials exactly the
 * address it checked. Checking here, at connect time and for every hop, is what stops DNS
 * rebinding and redirects into the operator's network (R13); an IP literal never reaches `lookup`
 * in `net.connect`, so it is checked here too.
 *
 * node:http rather than undici (issue 7): a warm run is 1,000 conditional GETs in a fresh process,
 * where undici's module graph (~0.1 s to load) and its colder request path cost about twice the CPU
 * of node's built-in client for the same 304s.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { FeedloomError } from '../core/errors.js';
import { checkAddress } from './address-policy.js';
import type { FetchPolicy, LookupFunction } from './policy.js';

/** Idle keep-alive sockets are closed after this long; feeds are polled minutes apart anyway. */
const KEEP_ALIVE_MS = 4_000;

type PoolKind = 'http' | 'https' | 'https-insecure';
const agents = new WeakMap<FetchPolicy, Partial<Record<PoolKind, http.Agent>>>();
const openAgents = new Map<http.Agent, () => void>();

/**
 * Close every keep-alive connection. A CLI run calls this when its fetches are done: idle sockets
 * are unref'd, but closing them says goodbye to the servers at once instead of at their timeout.
 */
export async function closeAllDispatchers(): Promise<void> {
  for (const [agent, forget] of openAgents) {
    forget();
    agent.destroy();
  }
  openAgents.clear();
}

/** The agent for this policy, scheme and TLS mode; one each, so connections are reused. */
export function agentFor(policy: FetchPolicy, protocol: 'http:' | 'https:', allowInsecureTLS: boolean): http.Agent {
  let pools = agents.get(policy);
  if (!pools) {
    pools = {};
    agents.set(policy, pools);
  }
  const kind: PoolKind = protocol === 'http:' ? 'http' : allowInsecureTLS ? 'https-insecure' : 'https';
  const existing = pools[kind];
  if (existing) return existing;
  const connect = createGuardedConnector(policy, kind);
  const options = { keepAlive: true, keepAliveMsecs: 1_000, timeout: KEEP_ALIVE_MS, scheduling: 'lifo' as const };
  const agent = kind === 'http' ? new http.Agent(options) : new https.Agent(options);
  // Node's Agent accepts a connector that answers through its callback (Agent#createSocket).
  (agent as unknown as { createConnection: typeof connect }).createConnection = connect;
  pools[kind] = agent;
  const owner = pools;
  openAgents.set(agent, () => {
    if (owner[kind] === agent) delete owner[kind];
  });
  return agent;
}

type ConnectCallback = (error: Error | null, socket?: Duplex) => void;
interface ConnectOptions {
  host?: string;
  port?: number | string;
}

function createGuardedConnector(policy: FetchPolicy, kind: PoolKind) {
  const lookup: LookupFunction = policy.lookup ?? (dns.lookup as unknown as LookupFunction);
  const secure = kind !== 'http';

  return (options: ConnectOptions, callback: ConnectCallback): undefined => {
    const hostname = String(options.host ?? '').replace(/^\[|\]$/g, '');
    const port = Number(options.port) || (secure ? 443 : 80);
    let socket: net.Socket | undefined;
    let settled = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (socket) socket.destroy(error);
      else if (!settled) {
        settled = true;
        callback(error);
      }
    };
    // Name resolution and the TLS handshake count towards the connect timeout, as in undici's connector.
    const timer = setTimeout(
      () => fail(new FeedloomError('E_TIMEOUT', `could not connect within ${formatSeconds(policy.connectTimeoutMs)}`)),
      policy.connectTimeoutMs,
    );
    const dial = (address: string) => {
      try {
        checkAddress(address, port, hostname, policy.allow);
      } catch (error) {
        fail(error as Error);
        return;
      }
      // The name stays the TLS server name, so SNI and certificate checks use it; only the dialled address changes.
      socket = secure
        ? tls.connect({
            host: address,
            port,
            servername: net.isIP(hostname) ? undefined : hostname,
            rejectUnauthorized: kind === 'https',
            ALPNProtocols: ['http/1.1'],
          })
        : net.connect({ host: address, port });
      socket.setNoDelay(true);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
      settled = true;
      callback(null, socket);
    };

    if (net.isIP(hostname)) {
      dial(hostname);
      return undefined;
    }
    lookup(hostname, { all: true }, (error, result, family) => {
      if (settled) return;
      if (error) {
        fail(error);
        return;
      }
      const addresses = typeof result === 'string' ? [{ address: result, family: family ?? 4 }] : result;
      if (!addresses || addresses.length === 0) {
        fail(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
        return;
      }
      // Refuse when any answer is private: a name that mixes public and private answers is suspect.
      for (const { address } of addresses) {
        try {
          checkAddress(address, port, hostname, policy.allow);
        } catch (refusal) {
          fail(refusal as Error);
          return;
        }
      }
      dial(addresses[0].address);
    });
    return undefined;
  };
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
