import type { Carrier } from "@/generated/prisma/enums";
import type { Pool } from "./definition";

// A payload offer's carriers are pools like any other; their keys name the carrier ("service-module" is
// SERVICE_MODULE). The one mapping between the two, for the figures partners already read per carrier.
const CARRIER_POOLS: Record<Carrier, string> = { ORBITER: "orbiter", SERVICE_MODULE: "service-module", LANDER: "lander" };

export const poolOfCarrier = (carrier: Carrier): string => CARRIER_POOLS[carrier];

/** The carriers in the order partners read them: orbiter, service module, lander. */
export const CARRIERS = Object.keys(CARRIER_POOLS) as Carrier[];

/** The carrier a pool stands for; null for any other pool (grams of a sample category, sets…). */
export function carrierOfPool(key: string): Carrier | null {
  const found = (Object.entries(CARRIER_POOLS) as [Carrier, string][]).find(([, pool]) => pool === key);
  return found ? found[0] : null;
}

/** Pools are kept to thousandths of their unit: an amount is rounded up, so many small requests never exceed a pool. */
export const POOL_DECIMALS = 3;

/** A pool's name and unit as a sentence in the reader's language shows them (the symbol outside Chinese). */
export const poolWording = (pool: Pick<Pool, "label" | "unit">, locale: "en" | "zh") => ({ pool: pool.label[locale], unit: locale === "zh" ? pool.unit.zh : pool.unit.symbol });
