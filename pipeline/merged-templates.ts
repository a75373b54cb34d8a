import type { CdsService } from '../services/service.js';

/**
 * The prefetch templates of several services, each query once, so that one record serves them
 * all: a key another service already uses for another query is renamed `<service>.<key>`.
 */
export function mergedTemplates(services: readonly CdsService[]): Record<string, string> {
  if (services.length === 1) return { ...services[0]!.definition.prefetch };
  const out: Record<string, string> = {};
  for (const s of services) {
    for (const [key, template] of Object.entries(s.definition.prefetch)) {
      if (Object.values(out).includes(template)) continue;
      out[key in out ? `${s.definition.id}.${key}` : key] = template;
    }
  }
  return out;
}
