/**
 * A small in-process cache of read models with a time-to-live and single flight: concurrent
 * misses for one key share one load. Keyed by tenant id. With `tags`, an entry is also dropped
 * as soon as the render cache's listener hears that its town's data of such a tag changed
 * (`invalidateDataCaches`, called by lib/http/cache_listener.ts), so a page rendered after a
 * change never shows the old value; the time-to-live bounds the lag when nobody listens.
 */
const registry: { tags: readonly string[]; drop: (tenantId: string) => void }[] = [];

export function ttlCache<V>(
  ttlMs: number,
  load: (key: string) => Promise<V>,
  options: {
    maxKeys?: number;
    tags?: readonly string[];
    /** The town a key belongs to, when keys are not town ids (default: the key itself). */
    keyTenant?: (key: string) => string;
  } = {},
) {
  const maxKeys = options.maxKeys ?? 1000;
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  const keyTenant = options.keyTenant;
  if (options.tags) {
    registry.push({
      tags: options.tags,
      drop: (tenantId) => {
        if (tenantId === "*") return entries.clear();
        if (!keyTenant) return void entries.delete(tenantId);
        for (const key of [...entries.keys()]) if (keyTenant(key) === tenantId) entries.delete(key);
      },
    });
  }
  return (key: string): Promise<V> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (entries.size >= maxKeys) entries.clear();
    const value = load(key);
    const entry = { value, until: now + ttlMs };
    entries.set(key, entry);
    // A failed load is not remembered.
    value.catch(() => entries.get(key) === entry && entries.delete(key));
    return value;
  };
}

/**
 * Calls `drop(tenantId)` whenever the town's data of one of `tags` changes (`tenant`: the town's
 * own record; `*` for every town), for caches of another shape than `ttlCache`'s.
 */
export function onDataChange(tags: readonly string[], drop: (tenantId: string) => void): void {
  registry.push({ tags, drop });
}

/** Drops the cached read models of `tenantId` (`*`: every town) that show `tag` (`*`: any). */
export function invalidateDataCaches(tenantId: string, tag: string): void {
  for (const cache of registry) {
    if (tag === "*" || tag === "tenant" || cache.tags.includes(tag)) cache.drop(tenantId);
  }
}
