import type { LookupAddress } from 'node:dns';
import { lookup as systemLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { webhookDestinationRefusedError } from './errors.js';

// Where outbound deliveries may go: public https receivers only. A subscription naming this
// machine, the private network or the cloud's metadata service (169.254.169.254) would let whoever
// writes subscriptions make the dispatcher POST inside the network (server-side request forgery).
// The URL is checked when the subscription is written and again at every delivery; a host name is
// resolved and each address it resolves to is checked, and the connection goes to the address that
// was checked (the check runs in the socket's own lookup), so a name that changes its answer
// between check and connect (DNS rebinding) reaches nothing refused.

/** Where deliveries may go besides public https receivers. */
export interface DestinationPolicy {
  /**
   * Local development and tests only, never on AWS: deliveries may reach this machine (127.0.0.0/8,
   * ::1, `localhost`), over http too. Every other refused address stays refused.
   */
  readonly allowLoopbackForLocalDevelopment: boolean;
}

/** Public https receivers only: the policy on AWS and the default everywhere. */
export const PUBLIC_DESTINATIONS_ONLY: DestinationPolicy = { allowLoopbackForLocalDevelopment: false };

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Addresses no delivery may reach: this network, private, shared (carrier-grade NAT), link-local
 * (the metadata service), IETF-reserved, benchmarking, multicast and reserved IPv4; unspecified,
 * IPv4-compatible, NAT64, 6to4, Teredo, unique-local, link-local and multicast IPv6. Node's
 * BlockList also matches an IPv4-mapped IPv6 address (::ffff:10.0.0.1) against the IPv4 rules.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2001::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** Why a delivery may not go to this IP address; undefined when it may. */
export const refusedAddressReason = (address: string, policy: DestinationPolicy): string | undefined => {
  if (isIP(address) === 0) return `${address} is not an IP address`;
  const family = familyOf(address);
  if (loopback.check(address, family)) {
    return policy.allowLoopbackForLocalDevelopment ? undefined : `${address} is a loopback address`;
  }
  if (refused.check(address, family)) {
    return `${address} is a private, link-local, multicast or reserved address`;
  }
  return undefined;
};

/** The host of a URL without IPv6 brackets or a final dot. */
const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

const namesThisMachine = (host: string): boolean =>
  host === 'localhost' ||
  host.endsWith('.localhost') ||
  (isIP(host) !== 0 && loopback.check(host, familyOf(host)));

/**
 * Why a delivery may not go to this URL, from the URL alone (names are resolved at delivery time,
 * by `guardedLookup`); undefined when it may.
 */
export const refusedUrlReason = (url: string, policy: DestinationPolicy): string | undefined => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'must not hold credentials (user:password@)';
  }
  const host = bareHost(parsed);
  const local = namesThisMachine(host);
  if (local && !policy.allowLoopbackForLocalDevelopment) return `must not name this machine (${host})`;
  const addressReason = isIP(host) === 0 ? undefined : refusedAddressReason(host, policy);
  if (addressReason !== undefined) return addressReason;
  // Plain http only to this machine, and only where local development allows it.
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && local)) return undefined;
  return 'must be https';
};

/** Resolves a host name to every address it has (node:dns `lookup` with `all: true`). */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver (getaddrinfo: hosts file, then DNS), as sockets use by default. */
export const systemResolver: HostResolver = (hostname) => systemLookup(hostname, { all: true });

const FAMILIES: Readonly<Record<string, number>> = { IPv4: 4, IPv6: 6, 4: 4, 6: 6 };

/**
 * A socket `lookup` that resolves the name, refuses it when any of its addresses is refused, and
 * hands the socket only addresses it checked: the connection goes where the check looked.
 */
export const guardedLookup =
  (policy: DestinationPolicy, resolve: HostResolver = systemResolver): LookupFunction =>
  (hostname, options, callback) => {
    const family = FAMILIES[String(options.family)];
    resolve(hostname).then(
      (addresses) => {
        const reason =
          addresses.length === 0
            ? 'resolves to no address'
            : addresses
                .map((address) => refusedAddressReason(address.address, policy))
                .find((found) => found);
        const usable = addresses.filter((address) => family === undefined || address.family === family);
        if (reason !== undefined || usable.length === 0) {
          const error = webhookDestinationRefusedError(hostname, reason ?? `has no IPv${family} address`);
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all === true) {
          callback(null, [...usable]);
          return;
        }
        const [first] = usable as [LookupAddress];
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
