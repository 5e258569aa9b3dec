/**
 * What DialLink's services declare about themselves in their own folders
 * (`apps/<service>/service.json`, `apps/<service>/events.json`), generated into one typed
 * registry: the list of services, their products and permission resources, and the event
 * catalog. Libraries and tools read it instead of keeping lists of their own.
 */
import { EVENT_CATALOG, EVENT_DEFINITIONS, EventDataMap, SERVICES } from './generated/registry';

export { EVENT_CATALOG, EVENT_DEFINITIONS, SERVICES };
export type { EventDataMap };
export type * from './generated/registry';

export type ServiceInfo = (typeof SERVICES)[number];
export type ServiceName = ServiceInfo['name'];
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

type WithProduct = Extract<ServiceInfo, { product: { id: string } }>;
/** The products a tenant can subscribe to: one per service that sells one. */
export type ProductName = WithProduct['product']['id'];
export const PRODUCTS: readonly ProductName[] = SERVICES.flatMap((service) =>
  service.product ? [service.product.id as ProductName] : [],
);

export function serviceInfo(name: ServiceName): ServiceInfo {
  const service = SERVICES.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`No service named ${name}`);
  return service;
}

/** The display name of a product, e.g. "Phone System". */
export function productDisplayName(product: ProductName): string {
  return SERVICES.find((service) => service.product?.id === product)?.product?.name ?? product;
}

/** The service that sells `product`. */
export function serviceOfProduct(product: ProductName): ServiceName {
  const service = SERVICES.find((candidate) => candidate.product?.id === product);
  if (!service) throw new Error(`No service sells ${product}`);
  return service.name;
}

export type EventType = keyof EventDataMap;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** The services whose `service.json` subscribes to `type`. */
export function subscribersOf(type: EventType): ServiceName[] {
  return SERVICES.filter((service) => (service.subscribes as readonly string[]).includes(type)).map(
    (service) => service.name,
  );
}

/** `<service>:<resource>:read|write` for every resource every service declares. */
type ResourcePermission<S extends ServiceInfo> = S extends {
  name: infer N extends string;
  resources: readonly (infer R extends string)[];
}
  ? `${N}:${R}:${'read' | 'write'}`
  : never;
export type Permission = ResourcePermission<ServiceInfo>;
