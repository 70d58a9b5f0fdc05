// IpAddress / NotIpAddress: "The value must be in the standard CIDR format (for example,
// 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without the
// associated routing prefix, IAM uses the default prefix value of /32" (IAM User Guide,
// "Condition operators"); an IPv6 address without a prefix is taken as /128.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
  prefix: number;
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** The 16 bytes of an IPv6 address, `::` and a trailing dotted IPv4 part included. */
function ipv6Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let address = text;
  const tail: number[] = [];
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    tail.push(...ipv4Bytes(address.slice(lastColon + 1)));
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = address.includes('::') ? address.split('::') : [address, undefined];
  const toGroups = (part: string | undefined): number[] => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const headGroups = toGroups(head);
  const restGroups = toGroups(rest);
  const groups = [...headGroups, ...new Array<number>(8 - headGroups.length - restGroups.length).fill(0), ...restGroups];
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

/** Dotted-quad IPv4 without allocating on the way: the data path parses aws:SourceIp often. */
function parseIpv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 46;
    if (code === 46) {
      if (digits === 0 || part > 3 || value > 255) return undefined;
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      // A leading zero followed by more digits is not a dotted quad (Node's isIPv4 agrees).
      if (digits === 1 && value === 0) return undefined;
      value = value * 10 + (code - 48);
      digits++;
    } else {
      return undefined;
    }
  }
  return part === 4 ? bytes : undefined;
}

/** An address as bytes; an IPv4-mapped IPv6 address (::ffff:a.b.c.d, as Node reports IPv4 peers on a dual-stack socket) becomes IPv4. */
export function parseAddress(text: string): Uint8Array | undefined {
  const ipv4 = parseIpv4(text);
  if (ipv4) return ipv4;
  if (!isIPv6(text)) return undefined;
  const bytes = ipv6Bytes(text);
  const isMapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return isMapped ? bytes.slice(12) : bytes;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  if (!isIPv4(addressText) && !isIPv6(addressText)) return undefined;
  // A policy's IPv6 range stays IPv6 even when written in mapped form.
  const bytes = isIPv4(addressText) ? ipv4Bytes(addressText) : ipv6Bytes(addressText);
  const maxPrefix = bytes.length * 8;
  if (slash < 0) return { bytes, prefix: maxPrefix };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= maxPrefix ? { bytes, prefix } : undefined;
}

export function isInCidr(address: Uint8Array, cidr: Cidr): boolean {
  if (address.length !== cidr.bytes.length) return false;
  const wholeBytes = cidr.prefix >> 3;
  for (let index = 0; index < wholeBytes; index++) if (address[index] !== cidr.bytes[index]) return false;
  const remainingBits = cidr.prefix & 7;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (address[wholeBytes]! & mask) === (cidr.bytes[wholeBytes]! & mask);
}
