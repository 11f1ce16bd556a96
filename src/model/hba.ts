import type { HbaRule } from './deployment.js';
import { cidrContains, parseCidr } from './addresses.js';

/** Which connection types an earlier line's type also matches. */
function typeCovers(earlier: string, later: string): boolean {
  if (earlier === later) return true;
  if (earlier === 'host')
    return later === 'hostssl' || later === 'hostnossl' || later === 'hostgssenc' || later === 'hostnogssenc';
  return false;
}

function listCovers(earlier: string[], later: string[]): boolean {
  if (earlier.includes('all')) return true;
  if (later.includes('all')) return false;
  // keywords like sameuser/samerole/replication and @files or +groups are only covered by the same word
  return later.every((x) => earlier.includes(x));
}

/** `all` matches every database except replication connections, which only the `replication` keyword matches. */
function databasesCover(earlier: string[], later: string[]): boolean {
  if (later.includes('replication') && !earlier.includes('replication')) return false;
  return listCovers(earlier, later);
}

function addressCovers(earlier: HbaRule, later: HbaRule): boolean {
  const e = earlier.address?.value?.toLowerCase();
  const l = later.address?.value?.toLowerCase();
  if (earlier.type.value === 'local') return true;
  if (e === undefined || l === undefined) return false;
  if (e === 'all') return true;
  if (e === l) return true;
  const ec = parseCidr(e);
  const lc = parseCidr(l);
  if (!ec || !lc) return false;
  return cidrContains(ec, lc);
}

/**
 * First-match semantics: a line is unreachable when an earlier line matches every connection it could match
 * (same or wider type, databases, users and addresses). Such a line is dead: never open, never reported as such.
 */
export function markReachability(rules: HbaRule[]): void {
  for (let i = 0; i < rules.length; i++) {
    const later = rules[i]!;
    for (let j = 0; j < i; j++) {
      const earlier = rules[j]!;
      if (!earlier.reachable) continue;
      if (
        typeCovers(earlier.type.value ?? '', later.type.value ?? '') &&
        databasesCover(earlier.databases, later.databases) &&
        listCovers(earlier.users, later.users) &&
        addressCovers(earlier, later)
      ) {
        later.reachable = false;
        later.shadowedBy = earlier.loc;
        break;
      }
    }
  }
}
