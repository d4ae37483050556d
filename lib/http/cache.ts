/**
 * A small in-process cache with a time-to-live and single flight: concurrent misses for one key
 * share one load. For public read models that may lag by a moment (the home page's newest
 * notices), never for anything a person has just changed and expects to see.
 */
export function ttlCache<V>(ttlMs: number, load: (key: string) => Promise<V>, maxKeys = 1000) {
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return (key: string): Promise<V> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (entries.size >= maxKeys) entries.clear();
    const value = load(key);
    entries.set(key, { value, until: now + ttlMs });
    value.catch(() => entries.delete(key)); // a failed load is not remembered
    return value;
  };
}
