/** The handle kinds that would keep a test process alive if we leaked them. */
const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'Immediate', 'ConnectWrap']);

function count(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) {
    if (WATCHED.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/** A snapshot of our kinds of handles now, to compare with later. */
export function snapshotResources(): Map<string, number> {
  return count();
}

/**
 * The handles that are active now but were not in `before`, after letting pending closes finish
 * (a bounded number of event-loop turns); an empty object means nothing leaked.
 */
export async function leakedSince(before: Map<string, number>, turns = 50): Promise<Record<string, number>> {
  let leaked: Record<string, number> = {};
  for (let turn = 0; turn < turns; turn++) {
    leaked = {};
    for (const [kind, n] of count()) {
      const extra = n - (before.get(kind) ?? 0);
      if (extra > 0) leaked[kind] = extra;
    }
    if (Object.keys(leaked).length === 0) return leaked;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return leaked;
}
