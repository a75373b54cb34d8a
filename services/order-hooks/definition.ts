import type { CardMessages } from '../message-keys.js';
import type { ServiceDefinition } from '../service.js';

/** The order hooks and their service ids in discovery. */
export const ORDER_SERVICE_IDS = {
  'order-select': 'diabetes-order-select',
  'order-sign': 'diabetes-order-sign',
} as const;

/** An order hook. */
export type OrderHook = keyof typeof ORDER_SERVICE_IDS;

const TEXT_KEYS = {
  'order-select': { title: 'service.orderSelect.title', description: 'service.orderSelect.description' },
  'order-sign': { title: 'service.orderSign.title', description: 'service.orderSign.description' },
} as const;

/**
 * The prefetch of the services whose questions the order hooks ask again: the draft orders come
 * in the context, so the record is the one patient-view reads. A key two services use for
 * different queries is a mistake in the definitions and stops start-up.
 */
export function unionPrefetch(definitions: readonly ServiceDefinition[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of definitions) {
    for (const [key, template] of Object.entries(d.prefetch)) {
      if (out[key] !== undefined && out[key] !== template)
        throw new Error(`prefetch key ${key} means two queries (${d.id}); rename one`);
      out[key] = template;
    }
  }
  return out;
}

/** The discovery entry of an order-hook service, in the configured card locale. */
export function orderDefinition(
  hook: OrderHook,
  prefetch: Readonly<Record<string, string>>,
  messages: CardMessages,
): ServiceDefinition {
  return {
    id: ORDER_SERVICE_IDS[hook],
    hook,
    title: messages.t(TEXT_KEYS[hook].title),
    description: messages.t(TEXT_KEYS[hook].description),
    prefetch,
  };
}
